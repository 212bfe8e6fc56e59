//! A customer's ID and passport numbers: masked for display, opened for an audited reveal or
//! a data-subject export. Numbers stored before they were sealed have no ciphertext and are
//! left out until the number arrives again.


use crate::error::AppError;
use crate::vault::IdVault;
use crate::db::sql::{self, Conn};

/// Masked forms, for every role.
pub fn masked(conn: &Conn, customer: i64) -> sql::Result<Vec<String>> {
    conn.prepare_cached("SELECT masked FROM id_number_hashes WHERE customer_id = ?1 AND masked IS NOT NULL ORDER BY masked")?
        .query_map([customer], |r| r.get(0))?
        .collect()
}

/// The numbers in full; a key that cannot open them is an error, never a wrong number.
pub fn open_all(conn: &Conn, customer: i64, vault: &IdVault) -> Result<Vec<String>, AppError> {
    let sealed: Vec<(String, String)> = conn
        .prepare_cached("SELECT hash, sealed FROM id_number_hashes WHERE customer_id = ?1 AND sealed IS NOT NULL ORDER BY masked")?
        .query_map([customer], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    sealed.iter().map(|(hash, sealed)| vault.open(sealed, hash).map_err(AppError::from)).collect()
}
