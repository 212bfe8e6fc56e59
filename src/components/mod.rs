pub mod churn;
pub mod customer_table;
pub mod journey_map;
pub mod lang_switch;
pub mod marks;
pub mod section;
pub mod shell;
pub mod states;
