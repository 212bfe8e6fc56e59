//! Who is calling: argon2id passwords, opaque session tokens in an HttpOnly cookie, and the
//! [`CurrentUser`] extractor every protected handler takes; API tokens for channel systems
//! ([`Pusher`]).

mod machine;
mod password;
mod session;

pub use machine::{new_secret, Machine, Pusher, Secret};
pub use password::{hash_password, verify_password};
pub use session::{clear_cookie, create_session, delete_session, session_cookie, token_from, CurrentUser, SESSION_COOKIE};
