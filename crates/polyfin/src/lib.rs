//! The Polyfin application: configuration and wiring. `main.rs` is only the CLI.

pub mod config;
mod hosted_catalogue;
pub mod seed;

use anyhow::Context;
use polyfin_api::{ApiConfig, AppState, TestClock};
use polyfin_domain::institution::Catalogue;
use polyfin_domain::Clock;
use polyfin_engine::secrets::Cipher;
use polyfin_engine::{Engine, EngineConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use config::Config;

/// The institution catalogue shipped with the binary.
pub const CATALOGUE_JSON: &str = include_str!("../../../data/institutions.json");

/// How often the sweeps (MFA expiry, stuck jobs, refresh, purge) run.
const SWEEP_INTERVAL: StdDuration = StdDuration::from_secs(5);

pub fn catalogue() -> anyhow::Result<Catalogue> {
    Catalogue::from_json(CATALOGUE_JSON).context("the built-in institution catalogue is invalid")
}

/// Opens the store and builds the engine; shared by `serve` and the admin commands.
pub async fn open_engine(
    config: &Config,
    clock: Arc<dyn Clock>,
    public_url: &str,
) -> anyhow::Result<Arc<Engine>> {
    let url = config.resolved_database_url()?;
    let store = polyfin_store::open(&url)
        .await
        .with_context(|| format!("cannot open database {url}"))?;
    let engine_config = EngineConfig {
        deleted_retention: time::Duration::days(i64::from(config.deleted_retention_days)),
        public_url: public_url.to_owned(),
        mfa_window: time::Duration::seconds(i64::from(config.mfa_timeout_secs)),
        job_lease: time::Duration::seconds(i64::from(config.job_timeout_secs)),
        workers: config.workers as usize,
        webhook_targets: config.webhook_target_policy()?,
        ..EngineConfig::default()
    };
    let cipher = Cipher::new(&config.secret_key()?);
    let banks: Vec<(String, String)> = store
        .list_banks()
        .await
        .context("cannot list hosted banks")?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    Ok(Arc::new(Engine::new(
        store,
        clock,
        Arc::new(hosted_catalogue::with_banks(CATALOGUE_JSON, &banks)?),
        engine_config,
        cipher,
    )))
}

/// A server bound to its listener and ready to run.
pub struct Application {
    listener: TcpListener,
    engine: Arc<Engine>,
    state: AppState,
}

impl Application {
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::build_with(config, clock, None).await
    }

    /// As `build`, with the test-clock endpoints mounted when `test_clock` is given.
    pub async fn build_with(
        config: &Config,
        clock: Arc<dyn Clock>,
        test_clock: Option<TestClock>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let local = listener.local_addr()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}"))
            .trim_end_matches('/')
            .to_owned();
        let engine = open_engine(config, clock, &public_url).await?;
        let state = AppState {
            engine: engine.clone(),
            config: Arc::new(ApiConfig {
                public_url,
                require_accept: config.require_accept,
                test_clock,
            }),
            institution_pages: Arc::default(),
        };
        Ok(Self {
            listener,
            engine,
            state,
        })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Serves until `shutdown` is cancelled, then drains requests and workers.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let workers = tokio::spawn(polyfin_engine::run_workers(
            self.engine.clone(),
            shutdown.clone(),
        ));
        let sweeps = tokio::spawn(sweep_loop(self.engine.clone(), shutdown.clone()));
        let webhooks = tokio::spawn(polyfin_engine::run_webhook_worker(
            self.engine.clone(),
            shutdown.clone(),
        ));
        let service = polyfin_api::service(self.state);
        let make_service = axum::ServiceExt::<polyfin_api::HttpRequest>::into_make_service(service);
        let served = axum::serve(self.listener, make_service)
            .with_graceful_shutdown(shutdown.clone().cancelled_owned())
            .await
            .context("server failed");
        shutdown.cancel();
        let _ = workers.await;
        let _ = sweeps.await;
        let _ = webhooks.await;
        served
    }
}

async fn sweep_loop(engine: Arc<Engine>, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(SWEEP_INTERVAL);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tick.tick() => {
                if let Err(error) = engine.run_sweeps_if_leader().await {
                    tracing::warn!(error = ?error, "sweep failed");
                }
            }
        }
    }
}
