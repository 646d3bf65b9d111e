//! One module per LSP method, each a small function over the `Session`.

pub mod code_action;
pub mod completion;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod hover;
pub mod initialize;
