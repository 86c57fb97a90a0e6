//! The Polyfin application: configuration and wiring. `main.rs` is only the CLI.

pub mod config;

use anyhow::Context;
use polyfin_api::{ApiConfig, AppState};
use polyfin_domain::institution::Catalogue;
use polyfin_domain::Clock;
use polyfin_engine::{Engine, EngineConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use config::Config;

/// The institution catalogue shipped with the binary.
pub const CATALOGUE_JSON: &str = include_str!("../../../data/institutions.json");

pub fn catalogue() -> anyhow::Result<Catalogue> {
    Catalogue::from_json(CATALOGUE_JSON).context("the built-in institution catalogue is invalid")
}

/// Opens the store and builds the engine; shared by `serve` and the admin commands.
pub async fn open_engine(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Arc<Engine>> {
    let url = config.resolved_database_url()?;
    let store = polyfin_store::open(&url)
        .await
        .with_context(|| format!("cannot open database {url}"))?;
    let engine_config = EngineConfig {
        deleted_retention: time::Duration::days(i64::from(config.deleted_retention_days)),
    };
    Ok(Arc::new(Engine::new(
        store,
        clock,
        Arc::new(catalogue()?),
        engine_config,
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
        let engine = open_engine(config, clock).await?;
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
        let state = AppState {
            engine: engine.clone(),
            config: Arc::new(ApiConfig {
                public_url,
                require_accept: config.require_accept,
            }),
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

    /// Serves until `shutdown` is cancelled, then drains in-flight requests.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let maintenance = tokio::spawn(maintenance_loop(self.engine.clone(), shutdown.clone()));
        let service = polyfin_api::service(self.state);
        let make_service = axum::ServiceExt::<polyfin_api::HttpRequest>::into_make_service(service);
        axum::serve(self.listener, make_service)
            .with_graceful_shutdown(shutdown.clone().cancelled_owned())
            .await
            .context("server failed")?;
        shutdown.cancel();
        let _ = maintenance.await;
        Ok(())
    }
}

/// Purges expired soft-deleted data; the cutoff comes from the engine's clock.
async fn maintenance_loop(engine: Arc<Engine>, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(StdDuration::from_secs(3600));
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tick.tick() => {
                match engine.purge_deleted().await {
                    Ok(0) => {}
                    Ok(purged) => tracing::info!(purged, "purged deleted users"),
                    Err(error) => tracing::warn!(error = ?error, "purge failed"),
                }
            }
        }
    }
}
