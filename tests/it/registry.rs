//! The shipped agency registry and the `agencies` command.

use crate::common::*;
use vanban::{AgencyKind, Registry};

fn registry() -> Registry {
    Registry::load(&root().join("inputs/co-quan.toml")).unwrap()
}

#[test]
fn shipped_registry_has_hai_phong_2019() {
    let r = registry();
    let count = |k: AgencyKind| r.agencies().iter().filter(|a| a.kind == k).count();
    assert_eq!(count(AgencyKind::UrbanDistrict), 7);
    assert_eq!(count(AgencyKind::RuralDistrict), 8);
    assert!(count(AgencyKind::Department) >= 19);
    for code in [
        "VPUBND", "SNV", "STP", "TTTP", "BQLKKT", "SDL", "CTHUE", "BDTP", "MTTQ",
    ] {
        assert!(r.get(code).is_some(), "{code}");
    }
    // Departments first, then quận, then huyện (administrative order).
    let kinds: Vec<AgencyKind> = r.agencies().iter().map(|a| a.kind).collect();
    let first_district = kinds.iter().position(|k| k.is_district()).unwrap();
    assert!(
        kinds[..first_district]
            .iter()
            .all(|k| *k == AgencyKind::Department)
    );
}

#[test]
fn aliases_people_type() {
    let r = registry();
    for (typed, code) in [
        ("Văn phòng UBND TP", "VPUBND"),
        ("VP UBND thành phố", "VPUBND"),
        ("KH&ĐT", "SKHDT"),
        ("KH & ĐT", "SKHDT"),
        ("TT&TT", "STTTT"),
        ("Tài chính", "STC"),
        ("sở tư pháp", "STP"),
        ("SO NOI VU", "SNV"),
        ("UBND huyện Kiến Thuỵ", "HKT"),
        ("Ủy ban nhân dân huyện Thủy Nguyên", "HTN"),
        ("Uỷ ban nhân dân huyện Thuỷ Nguyên", "HTN"),
        ("Quận Lê Chân", "QLC"),
        ("Bạch Long Vĩ", "HBLV"),
    ] {
        assert_eq!(
            r.lookup(typed).map(|a| a.code.as_str()),
            Some(code),
            "{typed}"
        );
    }
    assert!(r.lookup("Các sở").is_none());
    assert!(r.lookup("UBND").is_none());
}

#[test]
fn agencies_command_text_and_json() {
    let out = vanban(&["agencies"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Sở Nội vụ"));
    assert!(text.contains("Quận"));
    let out = vanban(&["agencies", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["agencies"].as_array().unwrap();
    assert_eq!(list.len(), registry().agencies().len());
    let snv = list.iter().find(|a| a["code"] == "SNV").unwrap();
    assert_eq!(snv["name"], "Sở Nội vụ");
    assert_eq!(snv["kind"], "department");
    assert!(snv["aliases"].is_array());
    let hb = list.iter().find(|a| a["code"] == "QHB").unwrap();
    assert_eq!(hb["kind"], "urban-district");
    let tn = list.iter().find(|a| a["code"] == "HTN").unwrap();
    assert_eq!(tn["kind"], "rural-district");
}
