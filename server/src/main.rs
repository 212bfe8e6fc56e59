//! `roundtrip-server serve` runs the product; `roundtrip-server seed` makes a demo database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use roundtrip_server::clock::{self, Clock};
use roundtrip_server::db::{Db, Target};
use roundtrip_server::seed::{self, SeedOptions};
use roundtrip_server::state::AppState;
use roundtrip_server::vault::IdVault;

const USAGE: &str = "usage:
  roundtrip-server serve [--db FILE | --database-url postgres://…] [--addr HOST:PORT] [--dist DIR] [--time-zone ZONE]
  roundtrip-server seed  [--db FILE] [--size small|default|large|N] [--seed N] [--anchor YYYY-MM-DD|today] [--time-zone ZONE] [--force]
  roundtrip-server backup  [--db FILE] --to FILE      online snapshot, integrity-checked
  roundtrip-server restore --from FILE [--db FILE]    replace the database with a checked backup (server stopped)
  roundtrip-server copy --from FILE --to postgres://…  copy a SQLite database into an empty PostgreSQL one, then verify it
  roundtrip-server openapi            print the OpenAPI document
  roundtrip-server matching-set [--people N] [--seed N]   print the labelled matching set (CSV)
  roundtrip-server matching-eval FILE  score automatic merging on a labelled set (fails below 99.5% precision or 95% recall)
environment: ROUNDTRIP_DB, ROUNDTRIP_DATABASE_URL (PostgreSQL instead of the SQLite file),
  ROUNDTRIP_READ_DATABASE_URL (a PostgreSQL hot standby the dashboards read), ROUNDTRIP_ADDR, ROUNDTRIP_DIST, ROUNDTRIP_TIME_ZONE (the agency's days; default
  Asia/Shanghai), ROUNDTRIP_SECURE_COOKIES=1, RUST_LOG";

struct Args(Vec<String>);

impl Args {
    fn value(&self, flag: &str, env: &str, default: &str) -> String {
        self.0
            .iter()
            .position(|a| a == flag)
            .and_then(|i| self.0.get(i + 1).cloned())
            .or_else(|| std::env::var(env).ok())
            .unwrap_or_else(|| default.to_string())
    }

    fn flag(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let all: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = all.first().cloned() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let args = Args(all[1..].to_vec());
    if args.flag("--help") || args.flag("-h") || command == "help" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match command.as_str() {
        "serve" => serve(&args),
        "seed" => seed_command(&args),
        "backup" | "restore" => {
            let db = PathBuf::from(args.value("--db", "ROUNDTRIP_DB", "data/roundtrip.db"));
            let other = PathBuf::from(args.value(if command == "backup" { "--to" } else { "--from" }, "", ""));
            if other.as_os_str().is_empty() {
                Err(USAGE.to_string())
            } else if command == "backup" {
                roundtrip_server::db::backup::backup(&db, &other).map(|_| println!("backed up {} to {}", db.display(), other.display()))
            } else {
                roundtrip_server::db::backup::restore(&other, &db).map(|_| println!("restored {} from {}", db.display(), other.display()))
            }
        }
        "copy" => {
            let (from, to) = (args.value("--from", "", ""), args.value("--to", "", ""));
            if from.is_empty() || !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
                Err(USAGE.to_string())
            } else {
                roundtrip_server::db::copy::copy(std::path::Path::new(&from), &to).map(|tables| {
                    for t in &tables {
                        println!("{:<24} {:>10} rows  checksum {} (same on both)", t.table, t.rows, t.checksum);
                    }
                    println!("copied {} tables from {from}; row counts and checksums match", tables.len());
                })
            }
        }
        "matching-set" => matching_set(&args),
        "matching-eval" => matching_eval(&args),
        "openapi" => {
            println!("{}", roundtrip_server::openapi().to_pretty_json().expect("serialises"));
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The SQLite file (`--db`), or PostgreSQL when `--database-url` names it; the file's path
/// also places the ID-number key (`<db>.key`) unless `ROUNDTRIP_ID_KEY` is set.
fn target(args: &Args) -> (Target, PathBuf) {
    let db_path = PathBuf::from(args.value("--db", "ROUNDTRIP_DB", "data/roundtrip.db"));
    let url = args.value("--database-url", "ROUNDTRIP_DATABASE_URL", "");
    (Target::choose(Some(url.as_str()).filter(|u| !u.is_empty()), &db_path), db_path)
}

fn serve(args: &Args) -> Result<(), String> {
    let (target, db_path) = target(args);
    let addr: SocketAddr = args.value("--addr", "ROUNDTRIP_ADDR", "127.0.0.1:8080").parse().map_err(|e| format!("--addr: {e}"))?;
    let dist = PathBuf::from(args.value("--dist", "ROUNDTRIP_DIST", "dist"));
    if let Some(dir) = db_path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut db = Db::open(&target).map_err(|e| format!("cannot open the database: {e}"))?;
    let replica = args.value("--read-database-url", "ROUNDTRIP_READ_DATABASE_URL", "");
    if !replica.is_empty() {
        db = db.with_replica(&Target::Postgres(replica)).map_err(|e| format!("cannot open the read replica: {e}"))?;
        tracing::info!("dashboards read from the replica");
    }
    let id_vault = std::sync::Arc::new(IdVault::load(&db_path)?);
    let clock = Clock::system(time_zone(args)?);
    let state = AppState { db, secure_cookies: std::env::var("ROUNDTRIP_SECURE_COOKIES").is_ok_and(|v| v == "1"), id_vault, clock };
    let dist = dist.join("index.html").exists().then_some(dist);
    if dist.is_none() {
        tracing::warn!("no built console found; serving the API only");
    }
    let worker_state = state.clone();
    let app = roundtrip_server::app(state, dist.as_deref());
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let served = runtime.block_on(async move {
        roundtrip_server::webhooks::spawn(worker_state.clone());
        roundtrip_server::channels::worker::spawn(worker_state);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        tracing::info!("Roundtrip listening on http://{addr}");
        roundtrip_server::serve::run(listener, app, Default::default(), shutdown_signal()).await;
        Ok::<_, String>(())
    });
    // a database task still running ends with the process: its transaction either committed
    // (and was acknowledged) or rolls back; dropping the runtime would wait for it unbounded
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}

/// Ctrl-C or SIGTERM: stop accepting, let requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async { tokio::signal::ctrl_c().await.ok() };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// The agency's time zone: its days cut periods, "today" and care dates.
fn time_zone(args: &Args) -> Result<chrono_tz::Tz, String> {
    Clock::parse_zone(&args.value("--time-zone", "ROUNDTRIP_TIME_ZONE", clock::DEFAULT_ZONE.name()))
}

fn seed_command(args: &Args) -> Result<(), String> {
    let (target, db_path) = target(args);
    let size = args.value("--size", "ROUNDTRIP_SEED_SIZE", "default");
    let people = seed::parse_size(&size).ok_or_else(|| format!("--size: expected small, default, large or a count, got {size:?}"))?;
    let seed_value: u64 = args.value("--seed", "ROUNDTRIP_SEED", "20261123").parse().map_err(|e| format!("--seed: {e}"))?;
    let zone = time_zone(args)?;
    let anchor = match args.value("--anchor", "ROUNDTRIP_ANCHOR", "today").as_str() {
        "today" => roundtrip_domain::calendar::day_of(chrono::Utc::now(), &zone),
        date => date.parse().map_err(|e| format!("--anchor: {e}"))?,
    };
    let opts = SeedOptions { people, seed: seed_value, anchor, zone };
    let place = match &target {
        Target::Sqlite(path) => path.display().to_string(),
        Target::Postgres(_) => "the PostgreSQL database".to_string(),
    };
    if let Some(dir) = db_path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let holds = match &target {
        Target::Sqlite(path) => path.exists(),
        Target::Postgres(_) => seed::holds_data(&target.connect().map_err(|e| e.to_string())?),
    };
    if holds {
        if !args.flag("--force") {
            let existing = target.connect().ok().and_then(|c| seed::seeded_with(&c)).unwrap_or_else(|| "unknown data".into());
            println!("{place} already holds {existing}; keeping it (use --force to regenerate)");
            return Ok(());
        }
        roundtrip_server::db::wipe(&target).map_err(|e| format!("cannot empty {place}: {e}"))?;
    }
    let started = std::time::Instant::now();
    // PostgreSQL is filled from a SQLite file seeded beside it: `copy` loads it with COPY,
    // ten times faster than writing the demo row by row over the socket
    let staging = std::env::temp_dir().join(format!("roundtrip-seed-{}.db", std::process::id()));
    let seeded_into = match &target {
        Target::Sqlite(_) => target.clone(),
        Target::Postgres(_) => Target::Sqlite(staging.clone()),
    };
    Db::open(&seeded_into).map_err(|e| e.to_string())?;
    let mut conn = seeded_into.connect().map_err(|e| e.to_string())?;
    let vault = IdVault::load(&db_path)?;
    let report = seed::seed(&mut conn, opts, &vault).map_err(|e| format!("seeding failed: {e}"))?;
    drop(conn);
    if let Target::Postgres(url) = &target {
        let copied = roundtrip_server::db::copy::copy(&staging, url);
        roundtrip_server::db::wipe(&seeded_into).ok();
        copied.map_err(|e| format!("loading the demo into PostgreSQL failed: {e}"))?;
    }
    println!(
        "seeded {} in {:.1}s: {} customers, {} identities, {} touchpoints, {} orders, {} tickets",
        place,
        started.elapsed().as_secs_f64(),
        report.customers,
        report.identities,
        report.touchpoints,
        report.orders,
        report.tickets
    );
    Ok(())
}

fn matching_set(args: &Args) -> Result<(), String> {
    use roundtrip_server::seed::labelled::{labelled_set, SetOptions};
    let default = SetOptions::default();
    let people = args.value("--people", "", &default.people.to_string()).parse().map_err(|e| format!("--people: {e}"))?;
    let seed = args.value("--seed", "", &default.seed.to_string()).parse().map_err(|e| format!("--seed: {e}"))?;
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    for record in labelled_set(SetOptions { people, seed }) {
        out.serialize(record).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn matching_eval(args: &Args) -> Result<(), String> {
    use roundtrip_domain::matching::labelled::{evaluate, LabelledRecord};
    let file = args.0.first().filter(|f| !f.starts_with("--")).ok_or(USAGE)?;
    let records: Vec<LabelledRecord> = csv::Reader::from_path(file)
        .map_err(|e| format!("{file}: {e}"))?
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{file}: {e}"))?;
    let e = evaluate(&records);
    println!("{}", serde_json::to_string_pretty(&e).expect("serialises"));
    let s = &e.score;
    if s.precision < 0.995 || s.recall < 0.95 {
        return Err(format!("below target: precision {:.4} (≥ 0.995), recall {:.4} (≥ 0.95) of the pairs with automatic-merge evidence", s.precision, s.recall));
    }
    Ok(())
}
