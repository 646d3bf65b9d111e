//! copydesk: a language server and headless checker for news copy.
//!
//! `engine` is the pure analysis core; `cli` (files in, findings out),
//! `server` (the language server) and `serve` (the copy desk's page) are thin
//! front ends around it. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod freshness;
pub mod names;
pub mod parallel;
pub mod read_file;
pub mod serve;
pub mod server;
pub mod suggest;
