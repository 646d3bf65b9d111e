//! copydesk: a language server and headless checker for news copy.
//!
//! `engine` is the pure analysis core; `cli` is the front end that reads
//! files and prints findings. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
