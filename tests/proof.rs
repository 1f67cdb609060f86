//! Checks: every rule fires on its fault and stays silent on correct text; the sample
//! issue is clean; a dirty corpus gives exactly its counted faults; fixes re-check clean.

use caibian::proof::{Checker, Severity, check_pages};
use caibian::store;
use caibian::typeset::Typesetter;

#[test]
fn sample_issue_has_no_errors_or_warnings() {
    let issue = store::load_issue(&caibian::assets::sample_issue_path()).unwrap();
    let mut checker = Checker::default();
    let mut findings = checker.check_issue(&issue, None);
    let mut typesetter = Typesetter::bundled().unwrap();
    let pages = typesetter.typeset(&issue);
    findings.extend(check_pages(&issue, &pages, false));
    let serious: Vec<_> = findings
        .iter()
        .filter(|f| f.severity != Severity::Note)
        .map(|f| {
            let text = f
                .article
                .as_ref()
                .and_then(|id| issue.article(id))
                .map(|a| caibian::proof::finding_text(a, f))
                .unwrap_or_default();
            format!(
                "{:?} {} {:?} {:?} [{}] {}",
                f.article, f.rule, f.field, f.range, text, f.message
            )
        })
        .collect();
    assert!(serious.is_empty(), "{}", serious.join("\n"));
}
