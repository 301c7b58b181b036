//! The integration tests, as one test binary (one link, and one build of
//! the seed page per set of formats shared by every test: `common`).

mod cli;
mod common;
mod faults;
mod gephi;
mod incremental;
mod layers;
mod props;
mod provenance;
mod serve;
mod stream;
mod vocab;
