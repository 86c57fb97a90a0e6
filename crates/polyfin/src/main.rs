mod bank_cli;
mod transfer_cli;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use polyfin::config::{Config, Overrides};
use polyfin::Application;
use polyfin_domain::SystemClock;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Polyfin: a self-hostable open-finance platform.
#[derive(Debug, Parser)]
#[command(name = "polyfin", version)]
struct Cli {
    /// TOML configuration file (also POLYFIN_CONFIG).
    #[arg(long, global = true, env = "POLYFIN_CONFIG")]
    config: Option<PathBuf>,
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Directory for the embedded SQLite database.
    #[arg(long, global = true, conflicts_with = "database_url")]
    data_dir: Option<PathBuf>,
    /// Database URL, e.g. sqlite://polyfin.db.
    #[arg(long, global = true)]
    database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run migrations, load the institution catalogue and serve the APIs.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Base URL for links Polyfin hands out (default http://<addr>).
        #[arg(long)]
        public_url: Option<String>,
        /// Debug builds only: mount /_test/clock endpoints guarded by this token, for
        /// the conformance suites. Release builds refuse it.
        #[arg(long, hide = true)]
        test_clock_token: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Write every row of the database (SQLite or PostgreSQL) to a newline-delimited JSON file.
    Export {
        /// The file to write.
        #[arg(long)]
        output: PathBuf,
    },
    /// Read an export into an empty database (SQLite or PostgreSQL).
    Import {
        /// The file `polyfin export` wrote.
        #[arg(long)]
        input: PathBuf,
    },
    /// Manage API clients.
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Set up the hosted bank: banks, customers, accounts, deposits, tokens.
    #[command(subcommand)]
    Bank(bank_cli::BankCommand),
    /// Generate a realistic, deterministic dataset (users, MX Bank members and their
    /// history) through the aggregation ingest path, under a new API client.
    Seed(SeedArgs),
}

#[derive(Debug, Args)]
struct SeedArgs {
    #[arg(long, default_value_t = 100)]
    users: u32,
    #[arg(long, default_value_t = 2)]
    members_per_user: u32,
    /// Transactions in all, the heavy user's included.
    #[arg(long, default_value_t = 100_000)]
    transactions: u64,
    /// One more user with this many transactions (0 for none).
    #[arg(long, default_value_t = 10_000)]
    heavy_user_transactions: u64,
    /// Print one JSON object: the client's credentials, guids and counts.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ClientsCommand {
    /// Create an API client and print its key (shown only once).
    Create {
        #[arg(long)]
        name: String,
        /// Print exactly {"client_id":"…","api_key":"…"}.
        #[arg(long)]
        json: bool,
    },
    /// List API clients.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke an API client: its key stops working at once.
    Revoke { client_id: String },
}

/// Request paths allocate many small strings (rows, JSON); glibc's malloc spent a tenth
/// of the samples in every profile (BENCHMARKS.md), mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let (addr, public_url) = match &cli.command {
        Command::Serve {
            addr, public_url, ..
        } => (*addr, public_url.clone()),
        _ => (None, None),
    };
    let config = Config::load(
        cli.config.as_deref(),
        Overrides {
            addr,
            data_dir: cli.database.data_dir,
            database_url: cli.database.database_url,
            public_url,
        },
    )?;
    init_tracing(&config.log);
    match cli.command {
        Command::Serve {
            test_clock_token, ..
        } => serve(config, test_clock_token).await,
        Command::Migrate => {
            polyfin::open_engine(&config, Arc::new(SystemClock), "").await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Export { output } => transfer_cli::export(&config, &output).await,
        Command::Import { input } => transfer_cli::import(&config, &input).await,
        Command::Clients(command) => clients(config, command).await,
        Command::Bank(command) => bank_cli::run(config, command).await,
        Command::Seed(args) => seed(config, args).await,
    }
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(filter))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

/// The test clock exists only in debug builds: a release binary cannot be configured
/// into moving its own time.
fn test_clock(token: Option<String>) -> anyhow::Result<Option<polyfin_api::TestClock>> {
    let Some(token) = token else {
        return Ok(None);
    };
    if !cfg!(debug_assertions) {
        anyhow::bail!("--test-clock-token is only available in debug builds");
    }
    if token.len() < 16 {
        anyhow::bail!("--test-clock-token must be at least 16 characters");
    }
    Ok(Some(polyfin_api::TestClock {
        clock: polyfin_domain::ManualClock::default(),
        token,
    }))
}

async fn serve(config: Config, test_clock_token: Option<String>) -> anyhow::Result<()> {
    let test_clock = test_clock(test_clock_token)?;
    let clock: Arc<dyn polyfin_domain::Clock> = match &test_clock {
        Some(test) => Arc::new(test.clock.clone()),
        None => Arc::new(SystemClock),
    };
    let app = Application::build_with(&config, clock, test_clock).await?;
    if app.engine().clients().count().await? == 0 {
        let dev = app.engine().clients().create("development").await?;
        println!("Created a development API client (the key is shown only this once):");
        println!("  client_id: {}", dev.client_id);
        println!("  api_key:   {}", dev.api_key);
    }
    let addr = app.local_addr()?;
    println!("polyfin listening on http://{addr}");
    std::io::stdout().flush().context("stdout")?;
    let shutdown = CancellationToken::new();
    tokio::spawn(cancel_on_signal(shutdown.clone()));
    app.run(shutdown).await
}

async fn cancel_on_signal(shutdown: CancellationToken) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    shutdown.cancel();
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
    shutdown.cancel();
}

async fn seed(config: Config, args: SeedArgs) -> anyhow::Result<()> {
    let engine = polyfin::open_engine(&config, Arc::new(SystemClock), "").await?;
    let plan = polyfin::seed::SeedPlan {
        users: args.users,
        members_per_user: args.members_per_user,
        transactions: args.transactions,
        heavy_user_transactions: args.heavy_user_transactions,
    };
    let report = polyfin::seed::seed(engine, &plan, true).await?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "seeded {} users, {} members, {} transactions in {:.1} s ({:.0} transactions/s)",
            report.users,
            report.members,
            report.transactions,
            report.seconds,
            report.transactions_per_second
        );
        println!("client_id: {}", report.client_id);
        println!("api_key:   {}", report.api_key);
        println!("user_guid: {}", report.user_guid);
        if let Some(heavy) = &report.heavy_user_guid {
            println!(
                "heavy user ({} transactions): {heavy}",
                report.heavy_user_transactions
            );
        }
    }
    Ok(())
}

async fn clients(config: Config, command: ClientsCommand) -> anyhow::Result<()> {
    let engine = polyfin::open_engine(&config, Arc::new(SystemClock), "").await?;
    match command {
        ClientsCommand::Create { name, json } => {
            let created = engine.clients().create(&name).await?;
            if json {
                // Field order is part of the contract: client_id first.
                #[derive(serde::Serialize)]
                struct Created<'a> {
                    client_id: &'a str,
                    api_key: &'a str,
                }
                let body = serde_json::to_string(&Created {
                    client_id: created.client_id.as_str(),
                    api_key: &created.api_key,
                })?;
                println!("{body}");
            } else {
                println!("client_id: {}", created.client_id);
                println!("api_key:   {}", created.api_key);
            }
        }
        ClientsCommand::List { json } => {
            let clients = engine.clients().list().await?;
            for client in clients {
                let status = if client.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                if json {
                    let line = serde_json::json!({
                        "client_id": client.id.as_str(),
                        "name": client.name,
                        "status": status,
                        "created_at": polyfin_domain::clock::format_timestamp(client.created_at),
                    });
                    println!("{line}");
                } else {
                    println!("{}\t{}\t{}", client.id, status, client.name);
                }
            }
        }
        ClientsCommand::Revoke { client_id } => {
            engine.clients().revoke(&client_id).await?;
            println!("revoked {client_id}");
        }
    }
    Ok(())
}
