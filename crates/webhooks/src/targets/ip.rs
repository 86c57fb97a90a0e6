//! Which IP addresses a tenant's webhook must not reach without an explicit allow rule.
//!
//! The classification is deliberately wider than "private": anything that is not a
//! globally routable unicast address is refused, because each such range has been used
//! to reach something internal (metadata services, NAT64 or 6to4 wrappers around
//! internal IPv4 addresses, carrier-grade NAT, …).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not a public destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressClass {
    /// A cloud instance-metadata endpoint. Only an allow rule naming the exact address
    /// admits it: a broad CIDR must not open it by accident.
    Metadata,
    Loopback,
    Private,
    LinkLocal,
    Unspecified,
    /// 100.64.0.0/10, carrier-grade NAT space: internal to a provider's network.
    SharedAddressSpace,
    Multicast,
    Broadcast,
    /// Documentation, benchmarking, protocol-assignment, tunnel and future-use ranges.
    Reserved,
}

impl AddressClass {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metadata => "metadata",
            Self::Loopback => "loopback",
            Self::Private => "private",
            Self::LinkLocal => "link-local",
            Self::Unspecified => "unspecified",
            Self::SharedAddressSpace => "shared address space",
            Self::Multicast => "multicast",
            Self::Broadcast => "broadcast",
            Self::Reserved => "reserved",
        }
    }
}

/// Instance-metadata services: AWS/GCP/Azure (169.254.169.254), AWS ECS task metadata
/// (169.254.170.2), Alibaba (100.100.100.200), Oracle (192.0.0.192), AWS over IPv6.
const METADATA_V4: [Ipv4Addr; 4] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(169, 254, 170, 2),
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(192, 0, 0, 192),
];
const METADATA_V6: [Ipv6Addr; 1] = [Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254)];

/// `None` for a public unicast address, otherwise why it is not one.
pub fn classify(ip: IpAddr) -> Option<AddressClass> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<AddressClass> {
    if METADATA_V4.contains(&ip) {
        return Some(AddressClass::Metadata);
    }
    let [a, b, c, _] = ip.octets();
    let class = match (a, b, c) {
        (0, _, _) => AddressClass::Unspecified,
        (127, _, _) => AddressClass::Loopback,
        (10, _, _) => AddressClass::Private,
        (172, 16..=31, _) => AddressClass::Private,
        (192, 168, _) => AddressClass::Private,
        (169, 254, _) => AddressClass::LinkLocal,
        (100, 64..=127, _) => AddressClass::SharedAddressSpace,
        (192, 0, 0) | (192, 0, 2) | (192, 88, 99) => AddressClass::Reserved,
        (198, 18..=19, _) | (198, 51, 100) | (203, 0, 113) => AddressClass::Reserved,
        (224..=239, _, _) => AddressClass::Multicast,
        _ if ip.is_broadcast() => AddressClass::Broadcast,
        (240..=255, _, _) => AddressClass::Reserved,
        _ => return None,
    };
    Some(class)
}

fn classify_v6(ip: Ipv6Addr) -> Option<AddressClass> {
    if METADATA_V6.contains(&ip) {
        return Some(AddressClass::Metadata);
    }
    if ip.is_unspecified() {
        return Some(AddressClass::Unspecified);
    }
    if ip.is_loopback() {
        return Some(AddressClass::Loopback);
    }
    // Forms that carry an IPv4 address are judged by that address, so
    // `[::ffff:127.0.0.1]` or `[64:ff9b::a00:1]` cannot smuggle in a refused one.
    if let Some(v4) = embedded_v4(ip) {
        return classify_v4(v4);
    }
    let s = ip.segments();
    let class = match s[0] {
        0xfc00..=0xfdff => AddressClass::Private,
        0xfe80..=0xfebf => AddressClass::LinkLocal,
        // Site-local: deprecated, but still routed inside some networks.
        0xfec0..=0xfeff => AddressClass::Private,
        0xff00..=0xffff => AddressClass::Multicast,
        // 64:ff9b:1::/48 is local-use NAT64.
        0x0064 if s[1] == 0xff9b && s[2] == 0x0001 => AddressClass::Private,
        // Teredo (2001::/32) and documentation (2001:db8::/32).
        0x2001 if s[1] == 0 || s[1] == 0x0db8 => AddressClass::Reserved,
        // Discard-only 100::/64, and the rest of the IETF-reserved ::/8.
        0x0000..=0x00ff => AddressClass::Reserved,
        0x0100 if s[1..4] == [0, 0, 0] => AddressClass::Reserved,
        _ => return None,
    };
    Some(class)
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible (`::/96`),
/// NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x0064, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x2002, hi, lo, ..] => Some(low(hi, lo)),
        _ => None,
    }
}
