pub mod churn;
pub mod lang_switch;
pub mod section;
pub mod shell;
pub mod states;
