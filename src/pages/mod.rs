pub mod customers;
pub mod login;
