use clap::Parser;

use huying::{cli, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let json_logs = std::env::var("HUYING_LOG_FORMAT").is_ok_and(|v| v == "json");
    telemetry::init(json_logs);
    match cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("huying: {err:#}");
            std::process::ExitCode::from(huying::config::exit_code(&err))
        }
    }
}
