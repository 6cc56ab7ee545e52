//! `protogov lsp`

/// Arguments of `lsp`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Talk over standard input and output (the only transport; accepted because editor
    /// clients pass it).
    #[arg(long)]
    stdio: bool,
}

/// Serve until the client says `exit`; the exit status is 0 after a clean shutdown.
pub fn run(args: Args) -> u8 {
    let _ = args.stdio;
    protogov::lsp::run_stdio()
}
