pub mod customers;
pub mod duplicates;
pub mod import;
pub mod login;
