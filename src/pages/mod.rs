pub mod audit;
pub mod communities;
pub mod customers;
pub mod duplicates;
pub mod import;
pub mod journeys;
pub mod login;
pub mod overview;
