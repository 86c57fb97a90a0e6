//! Configuration: defaults, then a TOML file, then `POLYFIN_*` environment variables,
//! then command-line flags; validated before anything starts.

use anyhow::{bail, Context};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(text.trim()).context("the key must be 64 hex characters")?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("the key must be 64 hex characters (32 bytes)"))
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create key file {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Directory for the embedded SQLite database (`polyfin.db` inside it).
    pub data_dir: Option<PathBuf>,
    /// A database URL instead of a data directory, e.g. `sqlite:///var/lib/polyfin.db`.
    pub database_url: Option<String>,
    /// Base URL that links handed out by Polyfin start with; defaults to `http://<addr>`.
    pub public_url: Option<String>,
    /// Days a deleted user is kept (inaccessible) before it is purged.
    pub deleted_retention_days: u32,
    /// Refuse requests without an Accept header with 406, as MX documents (DELETE excepted).
    pub require_accept: bool,
    /// Log filter in `tracing` syntax, e.g. `info` or `polyfin=debug`.
    pub log: String,
    /// Key that seals member credentials at rest: 64 hex characters. When unset, a key
    /// is generated once into `polyfin.key` beside the database.
    pub secret_key: Option<String>,
    /// Seconds an MFA challenge waits for answers before the job ends EXPIRED.
    pub mfa_timeout_secs: u32,
    /// Seconds a job may run before it is declared stuck and ends FAILED.
    pub job_timeout_secs: u32,
    /// Number of aggregation workers.
    pub workers: u32,
    /// Internal webhook targets tenants may register, comma-separated: CIDRs
    /// (`127.0.0.0/8`), addresses (`::1`) or exact host names (`hooks.corp.example`).
    /// Empty (the default): only public addresses, so a tenant cannot make Polyfin call
    /// loopback, private-network or cloud-metadata addresses.
    pub webhook_allow_targets: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: None,
            database_url: None,
            public_url: None,
            deleted_retention_days: 14,
            require_accept: true,
            log: "info".to_owned(),
            secret_key: None,
            mfa_timeout_secs: 600,
            job_timeout_secs: 120,
            workers: 2,
            webhook_allow_targets: String::new(),
        }
    }
}

/// Only these `POLYFIN_*` variables configure the server; others (e.g. for tooling) are
/// left alone rather than rejected.
const ENV_KEYS: [&str; 12] = [
    "addr",
    "data_dir",
    "database_url",
    "public_url",
    "deleted_retention_days",
    "require_accept",
    "log",
    "secret_key",
    "mfa_timeout_secs",
    "job_timeout_secs",
    "workers",
    "webhook_allow_targets",
];

pub const DEFAULT_DATA_DIR: &str = "polyfin-data";

/// Command-line values that override the file and environment.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addr: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: Overrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                bail!("config file {} does not exist", file.display());
            }
            figment = figment.merge(Toml::file(file));
        }
        let config: Config = figment
            .merge(Env::prefixed("POLYFIN_").only(&ENV_KEYS))
            .merge(Serialized::defaults(overrides))
            .extract()
            .context("invalid configuration")?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.data_dir.is_some() && self.database_url.is_some() {
            bail!("set either data_dir (--data-dir, POLYFIN_DATA_DIR) or database_url (--database-url, POLYFIN_DATABASE_URL), not both");
        }
        if let Some(url) = &self.database_url {
            if !url.starts_with("sqlite:") {
                bail!("database_url {url:?} is not supported: use sqlite://FILE");
            }
        }
        if let Some(url) = &self.public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                bail!("public_url {url:?} must start with http:// or https://");
            }
        }
        if self.deleted_retention_days > 3650 {
            bail!("deleted_retention_days must be at most 3650");
        }
        if let Some(key) = &self.secret_key {
            parse_key(key).context("secret_key")?;
        }
        if !(10..=86_400).contains(&self.mfa_timeout_secs) {
            bail!("mfa_timeout_secs must be between 10 and 86400");
        }
        if !(5..=3_600).contains(&self.job_timeout_secs) {
            bail!("job_timeout_secs must be between 5 and 3600");
        }
        if !(1..=64).contains(&self.workers) {
            bail!("workers must be between 1 and 64");
        }
        self.webhook_target_policy()?;
        Ok(())
    }

    /// The webhook allow-list of `webhook_allow_targets`.
    pub fn webhook_target_policy(&self) -> anyhow::Result<polyfin_engine::webhooks::TargetPolicy> {
        let rules = self
            .webhook_allow_targets
            .split(',')
            .map(str::trim)
            .filter(|rule| !rule.is_empty());
        polyfin_engine::webhooks::TargetPolicy::from_rules(rules).context("webhook_allow_targets")
    }

    /// The key that seals credentials: configured, or read from (or created in) the key
    /// file beside the database. The file is readable by its owner only.
    pub fn secret_key(&self) -> anyhow::Result<[u8; 32]> {
        if let Some(key) = &self.secret_key {
            return parse_key(key);
        }
        let path = self.key_file()?;
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            return parse_key(text.trim())
                .with_context(|| format!("bad key in {}", path.display()));
        }
        let mut key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
        write_private(&path, &hex::encode(key))?;
        Ok(key)
    }

    fn key_file(&self) -> anyhow::Result<PathBuf> {
        let url = self.resolved_database_url()?;
        let file = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let file = file.split('?').next().unwrap_or(file);
        let dir = Path::new(file)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Ok(dir.join("polyfin.key"))
    }

    /// The database URL, creating the data directory when that is what was configured.
    pub fn resolved_database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        let dir = self
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create data directory {}", dir.display()))?;
        Ok(format!("sqlite://{}", dir.join("polyfin.db").display()))
    }
}
