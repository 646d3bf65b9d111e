//! The names knowledge base: the people in the news, their house
//! spellings, variants, native script and roles. Loading (`person.rs`),
//! matching and lookup (`index.rs`), hover cards (`card.rs`), the name being
//! typed (`typing.rs`) and names not known yet (`unknown.rs`). Pure: files
//! are read by `config.rs` and handed in as text.

pub mod card;
pub mod date;
pub mod import;
pub mod index;
pub mod near_miss;
pub mod person;
mod plain;
mod store;
mod trie;
pub mod typing;
pub mod unknown;

pub use date::Date;
pub use index::{Form, Mention, NameIndex, Romanization};
pub use person::{Kind, Person, Position};
