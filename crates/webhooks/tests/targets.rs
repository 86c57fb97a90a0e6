//! Which webhook URLs are refused, including the parser tricks used to disguise an
//! internal address, and how the allow-list admits them deliberately.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::IpAddr;

use polyfin_webhooks::targets::{AddressClass, TargetError, TargetPolicy};

enum Expect {
    Ok,
    Address(AddressClass),
    Internal,
    Scheme,
    Invalid,
}

fn check(policy: &TargetPolicy, url: &str, expect: Expect) {
    let result = policy.check_url(url);
    let ok = match (&result, &expect) {
        (Ok(_), Expect::Ok) => true,
        (Err(TargetError::ForbiddenAddress { class, .. }), Expect::Address(want)) => class == want,
        (Err(TargetError::InternalHost(_)), Expect::Internal) => true,
        (Err(TargetError::Scheme(_)), Expect::Scheme) => true,
        (Err(TargetError::Invalid(_) | TargetError::MissingHost), Expect::Invalid) => true,
        _ => false,
    };
    assert!(ok, "{url} → {result:?}");
}

#[test]
fn plain_addresses_and_names() {
    use AddressClass::*;
    use Expect::{Address as A, Internal, Ok};
    let table = [
        ("https://hooks.example.com/plaid", Ok),
        ("http://hooks.example.com:8080/x?y=1", Ok),
        ("https://93.184.215.14/hook", Ok),
        ("https://[2606:4700::1111]/hook", Ok),
        ("http://127.0.0.1/", A(Loopback)),
        ("http://127.8.9.10:9000/", A(Loopback)),
        ("http://[::1]/", A(Loopback)),
        ("http://localhost/", Internal),
        ("http://LocalHost./", Internal),
        ("http://api.localhost/", Internal),
        ("http://10.0.0.5/", A(Private)),
        ("http://172.16.0.1/", A(Private)),
        ("http://172.31.255.255/", A(Private)),
        ("http://172.32.0.1/", Ok),
        ("http://192.168.1.1/", A(Private)),
        ("http://[fd12:3456::1]/", A(Private)),
        ("http://[fc00::1]/", A(Private)),
        ("http://169.254.1.1/", A(LinkLocal)),
        ("http://[fe80::1]/", A(LinkLocal)),
        ("http://0.0.0.0/", A(Unspecified)),
        ("http://[::]/", A(Unspecified)),
        ("http://169.254.169.254/latest/meta-data/", A(Metadata)),
        ("http://[fd00:ec2::254]/", A(Metadata)),
        ("http://100.100.100.200/", A(Metadata)),
        ("http://metadata.google.internal/", Internal),
        ("http://100.64.0.1/", A(SharedAddressSpace)),
        ("http://224.0.0.1/", A(Multicast)),
        ("http://255.255.255.255/", A(Broadcast)),
        // Names that only resolve inside a network.
        ("http://redis:6379/", Internal),
        ("http://printer.local/", Internal),
        ("http://router.home.arpa/", Internal),
    ];
    let policy = TargetPolicy::new();
    for (url, expect) in table {
        check(&policy, url, expect);
    }
}

#[test]
fn disguised_addresses() {
    use AddressClass::*;
    use Expect::{Address as A, Ok};
    let table = [
        // Numeric encodings a WHATWG parser (and so reqwest) reads as 127.0.0.1.
        ("http://2130706433/", A(Loopback)),
        ("http://0x7f.1/", A(Loopback)),
        ("http://0x7f000001/", A(Loopback)),
        ("http://017700000001/", A(Loopback)),
        ("http://0177.0.0.1/", A(Loopback)),
        ("http://127.1/", A(Loopback)),
        ("http://127.0.0.1./", A(Loopback)),
        ("http://%31%32%37.0.0.1/", A(Loopback)),
        ("http://１２７.０.０.１/", A(Loopback)),
        ("http://167772161/", A(Private)),
        ("http://0/", A(Unspecified)),
        // The host is what follows the userinfo.
        ("http://good.com@127.0.0.1/", A(Loopback)),
        ("http://good.com:pw@10.0.0.1/", A(Private)),
        ("http://127.0.0.1@good.com/", Ok),
        // IPv6 forms that embed a refused IPv4 address.
        ("http://[::ffff:127.0.0.1]/", A(Loopback)),
        ("http://[::ffff:7f00:1]/", A(Loopback)),
        ("http://[::127.0.0.1]/", A(Loopback)),
        ("http://[64:ff9b::a00:1]/", A(Private)),
        ("http://[2002:a9fe:a9fe::]/", A(Metadata)),
        ("http://[::ffff:169.254.169.254]/", A(Metadata)),
    ];
    let policy = TargetPolicy::new();
    for (url, expect) in table {
        check(&policy, url, expect);
    }
}

#[test]
fn only_http_urls() {
    use Expect::{Invalid, Scheme};
    let table = [
        ("ftp://hooks.example.com/", Scheme),
        ("file:///etc/passwd", Scheme),
        ("gopher://127.0.0.1:6379/_", Scheme),
        ("javascript:alert(1)", Scheme),
        ("hooks.example.com/plaid", Invalid),
        ("http://", Invalid),
        ("http://[::1/", Invalid),
        ("", Invalid),
    ];
    let policy = TargetPolicy::new();
    for (url, expect) in table {
        check(&policy, url, expect);
    }
}

#[test]
fn overlong_urls_are_refused() {
    let url = format!("https://hooks.example.com/{}", "a".repeat(3000));
    assert_eq!(
        TargetPolicy::new().check_url(&url),
        Err(TargetError::TooLong)
    );
}

#[test]
fn allow_list_admits_loopback_for_tests() {
    let policy = TargetPolicy::from_rules(["127.0.0.1"]).unwrap();
    let target = policy.check_url("http://127.0.0.1:43123/hook").unwrap();
    assert_eq!(target.as_str(), "http://127.0.0.1:43123/hook");
    assert!(!target.needs_resolution());
    assert_eq!(policy.check_resolved(&target, &[]), Ok(()));
    // Exactly that address: the rest of loopback stays refused.
    check(
        &policy,
        "http://127.0.0.2/",
        Expect::Address(AddressClass::Loopback),
    );
    // Its disguises are the same address, so they are admitted too.
    check(&policy, "http://2130706433/", Expect::Ok);
    check(&policy, "http://[::ffff:127.0.0.1]/", Expect::Ok);
    check(
        &policy,
        "http://[::1]/",
        Expect::Address(AddressClass::Loopback),
    );
}

#[test]
fn allow_list_cidrs_and_hosts() {
    let policy = TargetPolicy::from_rules([
        "127.0.0.0/8",
        "::1",
        "10.1.0.0/16",
        "Hooks.Corp.Internal.",
        "localhost",
    ])
    .unwrap();
    for url in [
        "http://127.0.0.1:8080/",
        "http://127.44.0.1/",
        "http://[::1]:9/",
        "http://10.1.2.3/",
        "http://hooks.corp.internal/x",
        "http://localhost:3000/",
    ] {
        check(&policy, url, Expect::Ok);
    }
    check(
        &policy,
        "http://10.2.0.1/",
        Expect::Address(AddressClass::Private),
    );
    check(&policy, "http://other.corp.internal/", Expect::Internal);
    check(&policy, "http://sub.localhost/", Expect::Internal);
}

#[test]
fn a_broad_cidr_does_not_open_the_metadata_service() {
    let policy = TargetPolicy::from_rules(["169.254.0.0/16", "0.0.0.0/0"]).unwrap();
    check(&policy, "http://169.254.1.1/", Expect::Ok);
    check(
        &policy,
        "http://169.254.169.254/",
        Expect::Address(AddressClass::Metadata),
    );
    let exact = TargetPolicy::from_rules(["169.254.169.254"]).unwrap();
    check(&exact, "http://169.254.169.254/", Expect::Ok);
}

#[test]
fn invalid_rules_are_rejected() {
    for rule in ["", "http://x/", "10.0.0.0/33", "bad host"] {
        assert!(
            matches!(
                TargetPolicy::from_rules([rule]),
                Err(TargetError::InvalidRule(_))
            ),
            "{rule:?}"
        );
    }
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|s| s.parse().unwrap()).collect()
}

#[test]
fn resolved_addresses_are_checked_too() {
    let policy = TargetPolicy::new();
    let target = policy.check_url("https://127.0.0.1.nip.io/hook").unwrap();
    assert!(target.needs_resolution());
    assert!(matches!(
        policy.check_resolved(&target, &ips(&["127.0.0.1"])),
        Err(TargetError::ForbiddenAddress {
            class: AddressClass::Loopback,
            ..
        })
    ));
    let public = policy.check_url("https://hooks.example.com/").unwrap();
    assert!(policy
        .check_resolved(&public, &ips(&["93.184.215.14", "2606:4700::1111"]))
        .is_ok());
    // One bad address among good ones is enough to refuse: the client may pick any.
    assert!(matches!(
        policy.check_resolved(&public, &ips(&["93.184.215.14", "10.0.0.7"])),
        Err(TargetError::ForbiddenAddress {
            class: AddressClass::Private,
            ..
        })
    ));
    assert!(matches!(
        policy.check_resolved(&public, &ips(&["::ffff:192.168.0.1"])),
        Err(TargetError::ForbiddenAddress {
            class: AddressClass::Private,
            ..
        })
    ));
    assert_eq!(
        policy.check_resolved(&public, &[]),
        Err(TargetError::Unresolved("hooks.example.com".to_owned()))
    );
}

#[test]
fn resolved_addresses_honour_the_allow_list() {
    let by_cidr = TargetPolicy::from_rules(["10.9.0.0/16"]).unwrap();
    let target = by_cidr.check_url("https://hooks.example.com/").unwrap();
    assert!(by_cidr.check_resolved(&target, &ips(&["10.9.1.1"])).is_ok());
    assert!(by_cidr
        .check_resolved(&target, &ips(&["10.8.1.1"]))
        .is_err());

    // An exact host rule trusts whatever that host resolves to.
    let by_host = TargetPolicy::from_rules(["hooks.example.com"]).unwrap();
    let target = by_host.check_url("https://HOOKS.example.com/").unwrap();
    assert!(!target.needs_resolution());
    assert!(by_host.check_resolved(&target, &ips(&["10.0.0.1"])).is_ok());
}
