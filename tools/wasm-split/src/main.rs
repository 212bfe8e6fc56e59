//! `wasm-bindgen` as Trunk calls it, with code splitting in between (see Cargo.toml).
//!
//! Trunk calls `wasm-bindgen --target=web --out-dir=OUT --out-name=NAME … INPUT.wasm`. Here:
//! 1. INPUT is split into a main module and lazily loaded chunks, written with their JS loader
//!    to `OUT/split-HASH/` (HASH is Trunk's own hash of INPUT, so every build gets new chunk
//!    names and the service worker's cache-first copies can never be stale);
//! 2. the real wasm-bindgen runs on the main module with the same arguments;
//! 3. each chunk goes through `wasm-opt -Oz`, as Trunk does for the main module;
//! 4. `OUT/split-last` names the folder, for the post-build hook that stages it.
use std::hash::Hasher;
use std::path::PathBuf;
use std::process::{exit, Command};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = if args.iter().any(|a| a == "--version" || a == "-V") {
        real_wasm_bindgen().and_then(|bin| run(Command::new(bin).args(&args)))
    } else {
        split_then_bindgen(&args)
    };
    if let Err(e) = outcome {
        eprintln!("wasm-split: {e}");
        exit(1);
    }
}

fn split_then_bindgen(args: &[String]) -> Result<()> {
    let flag = |name: &str| args.iter().find_map(|a| a.strip_prefix(name)).map(str::to_string);
    let out_dir = PathBuf::from(flag("--out-dir=").ok_or("no --out-dir=")?);
    let out_name = flag("--out-name=").ok_or("no --out-name=")?;
    let input = args.iter().find(|a| !a.starts_with("--")).ok_or("no input .wasm")?;
    let wasm = std::fs::read(input)?;

    let mut hasher = seahash::SeaHasher::new();
    hasher.write(&wasm);
    let hash = format!("{:x}", hasher.finish());
    let folder = format!("split-{hash}");
    let chunks_dir = out_dir.join(&folder);
    let _ = std::fs::remove_dir_all(&chunks_dir);
    std::fs::create_dir_all(&chunks_dir)?;
    let main_wasm = out_dir.join(format!("{out_name}.split-main.wasm"));

    // The loader sits in the chunk folder: it reaches the main module's JS (Trunk's hashed
    // name) one level up, and the main module imports it by this path from the site root.
    let link_name = format!("./{folder}/__wasm_split.js");
    let main_module = format!("../{out_name}-{hash}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &out_dir;
        opts.main_out_path = &main_wasm;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts.target.web();
        opts
    })?;
    // The chunks are written beside the main module; the loader fetches them beside itself.
    for chunk in &split.split_modules {
        let to = chunks_dir.join(chunk.file_name().ok_or("chunk without a name")?);
        std::fs::rename(chunk, &to)?;
        if out_dir.ends_with("release") {
            run(Command::new("wasm-opt").arg("-Oz").arg(&to).arg("-o").arg(&to))?;
        }
    }

    let mut bindgen_args: Vec<String> = args.iter().filter(|a| *a != input).cloned().collect();
    // the chunks import the main module's function table, which wasm-bindgen otherwise hides
    bindgen_args.push("--keep-lld-exports".into());
    bindgen_args.push(main_wasm.to_string_lossy().into_owned());
    run(Command::new(real_wasm_bindgen()?).args(&bindgen_args))?;
    std::fs::write(out_dir.join("split-last"), &folder)?;
    eprintln!("wasm-split: {} chunk(s) in {}", split.split_modules.len(), chunks_dir.display());
    Ok(())
}

/// The next `wasm-bindgen` on PATH after this wrapper's own folder.
fn real_wasm_bindgen() -> Result<PathBuf> {
    let own = std::env::current_exe()?.canonicalize()?;
    let path = std::env::var_os("PATH").ok_or("no PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("wasm-bindgen"))
        .find(|bin| bin.is_file() && bin.canonicalize().map_or(false, |b| b != own))
        .ok_or_else(|| "the real wasm-bindgen is not on PATH".into())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status()?;
    if !status.success() {
        return Err(format!("{:?} failed: {status}", command.get_program()).into());
    }
    Ok(())
}

