pub mod customers;
pub mod duplicates;
pub mod login;
