//! The entities of the knowledge base, in order. An entity is either made
//! (the built-in set, a file the TOML parser read, entities made in code)
//! or kept as its entry's bytes in its names file and parsed when first
//! asked for: matching, near misses and completion read what the index
//! keeps of every entity (`index.rs`), so a check of a story parses only
//! the few entities it names, however large the newsroom's file.

use std::sync::OnceLock;

use super::person::{Kind, Person};

#[derive(Debug, Default)]
pub struct People {
    slots: Vec<Slot>,
    made: Vec<Person>,
    /// The texts of the names files whose entries are parsed on demand.
    files: Vec<String>,
}

#[derive(Debug)]
enum Slot {
    Made(u32),
    Kept {
        file: u32,
        table: u8,
        entry: std::ops::Range<u32>,
        person: OnceLock<Box<Person>>,
    },
}

impl People {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn get(&self, k: usize) -> Option<&Person> {
        Some(match self.slots.get(k)? {
            Slot::Made(at) => &self.made[*at as usize],
            Slot::Kept {
                file,
                table,
                entry,
                person,
            } => person.get_or_init(|| {
                let text = &self.files[*file as usize][entry.start as usize..entry.end as usize];
                let mut person = super::plain::entity(text, usize::from(*table))
                    .expect("an entry `plain::scan` read is read again the same way");
                person.entity = Kind::ALL[usize::from(*table)];
                if person.id.is_empty() {
                    person.id = person.name.clone();
                }
                Box::new(person)
            }),
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Person> {
        (0..self.len()).filter_map(|k| self.get(k))
    }

    /// Adds an entity made already; its number.
    pub(super) fn push(&mut self, person: Person) -> usize {
        self.made.push(person);
        self.slots.push(Slot::Made(self.made.len() as u32 - 1));
        self.slots.len() - 1
    }

    /// Puts a made entity at `k` in place of the one there.
    pub(super) fn replace(&mut self, k: usize, person: Person) {
        self.made.push(person);
        self.slots[k] = Slot::Made(self.made.len() as u32 - 1);
    }

    /// Room for `more` entities.
    pub(super) fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
    }

    /// Keeps a names file's text for the entries `keep` puts in.
    pub(super) fn keep_file(&mut self, text: String) -> u32 {
        self.files.push(text);
        self.files.len() as u32 - 1
    }

    /// The entry at `entry` of kept file `file`, of table `table`, at `k`
    /// (in place of the one there) or, `k` being `None`, added.
    pub(super) fn keep(
        &mut self,
        k: Option<usize>,
        file: u32,
        table: usize,
        entry: std::ops::Range<u32>,
    ) -> usize {
        let slot = Slot::Kept {
            file,
            table: table as u8,
            entry,
            person: OnceLock::new(),
        };
        match k {
            Some(k) => {
                self.slots[k] = slot;
                k
            }
            None => {
                self.slots.push(slot);
                self.slots.len() - 1
            }
        }
    }

    /// Whether entity `k` is made already (not kept as its entry).
    pub(super) fn is_made(&self, k: usize) -> bool {
        matches!(self.slots[k], Slot::Made(_))
    }
}

impl From<Vec<Person>> for People {
    fn from(made: Vec<Person>) -> People {
        People {
            slots: (0..made.len() as u32).map(Slot::Made).collect(),
            made,
            files: Vec::new(),
        }
    }
}

impl std::ops::Index<usize> for People {
    type Output = Person;

    fn index(&self, k: usize) -> &Person {
        match self.get(k) {
            Some(person) => person,
            None => panic!("entity {k} of a knowledge base of {} entities", self.len()),
        }
    }
}
