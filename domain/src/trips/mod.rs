//! Trip operations (issue 25): what an outbound trip needs before it leaves.

pub mod documents;
