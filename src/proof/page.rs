//! Page preflight over the typesetter's `PageList`/`BlockReport` and the page grid:
//! overflow, jump-broken, block-overlap, underfull, unsigned.

use std::collections::HashMap;

use crate::model::{ArticleId, Issue, Placement};
use crate::typeset::display::{BlockReport, PageList};
use crate::typeset::{jump_from_text, jump_to_text};

use super::{Finding, Severity};

/// More empty grid lines than this at the foot of a block is underfull.
pub const UNDERFULL_LINES: u32 = 3;

fn page_finding(
    rule: &'static str,
    severity: Severity,
    page: u32,
    article: Option<&ArticleId>,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        article: article.cloned(),
        page: Some(page),
        field: None,
        range: None,
        message,
        photo: None,
        fix: None,
    }
}

/// Every page rule. `for_print` adds the sign-off check (exporting a print PDF).
pub fn check_pages(issue: &Issue, pages: &[PageList], for_print: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    overlaps(issue, &mut findings);
    chains(issue, pages, &mut findings);
    for page in pages {
        for block in &page.blocks {
            block_rules(issue, page.number, block, &mut findings);
        }
    }
    if for_print {
        for page in issue.pages.iter().filter(|p| !p.signed_off) {
            findings.push(page_finding(
                "unsigned",
                Severity::Warning,
                page.number,
                None,
                format!("第{}版尚未签发", page.number),
            ));
        }
    }
    findings
}

fn block_rules(issue: &Issue, page: u32, block: &BlockReport, findings: &mut Vec<Finding>) {
    if block.overflow_chars > 0 {
        findings.push(page_finding(
            "overflow",
            Severity::Error,
            page,
            Some(&block.article),
            format!(
                "第{page}版 {} 排不下\u{FF0C}溢出 {} 字\u{FF0C}且没有转版",
                block.article, block.overflow_chars
            ),
        ));
    }
    let continues = issue.pages.iter().any(|p| {
        p.placements
            .iter()
            .any(|pl| pl.article == block.article && pl.part > block.part)
    });
    // Judged by the deepest gap in one column, as the reader sees it: a wide block whose
    // balanced columns each end a line short is full.
    if block.foot_empty_lines > UNDERFULL_LINES && !continues {
        findings.push(page_finding(
            "underfull",
            Severity::Warning,
            page,
            Some(&block.article),
            format!(
                "第{page}版 {} 底部空 {} 行",
                block.article, block.foot_empty_lines
            ),
        ));
    }
}

/// Grid cells of a placement: columns and lines it covers.
fn overlap(a: &Placement, b: &Placement) -> bool {
    a.column < b.column + b.span
        && b.column < a.column + a.span
        && a.line < b.line + b.depth
        && b.line < a.line + a.depth
}

fn overlaps(issue: &Issue, findings: &mut Vec<Finding>) {
    for page in &issue.pages {
        let placements = &page.placements;
        for (i, a) in placements.iter().enumerate() {
            for b in &placements[i + 1..] {
                if overlap(a, b) {
                    findings.push(page_finding(
                        "block-overlap",
                        Severity::Error,
                        page.number,
                        Some(&a.article),
                        format!(
                            "第{}版 {} 与 {} 的版块重叠",
                            page.number, a.article, b.article
                        ),
                    ));
                }
            }
        }
    }
}

/// The first and last set line of a block, over its columns in reading order.
fn first_and_last_line(block: &BlockReport) -> (Option<&str>, Option<&str>) {
    let mut lines = block.columns.iter().flat_map(|c| c.lines.iter());
    let first = lines.next().map(String::as_str);
    let last = block
        .columns
        .iter()
        .rev()
        .find_map(|c| c.lines.last())
        .map(String::as_str);
    (first, last)
}

/// jump-broken: parts numbered with gaps or twice, and jump lines naming the wrong page.
fn chains(issue: &Issue, pages: &[PageList], findings: &mut Vec<Finding>) {
    let mut parts: HashMap<&ArticleId, Vec<(u32, u32)>> = HashMap::new();
    for page in &issue.pages {
        for placement in &page.placements {
            parts
                .entry(&placement.article)
                .or_default()
                .push((placement.part, page.number));
        }
    }
    let mut ids: Vec<_> = parts.keys().copied().collect();
    ids.sort();
    for id in ids {
        let mut chain = parts[id].clone();
        chain.sort();
        for (index, &(part, page)) in chain.iter().enumerate() {
            if part as usize != index {
                findings.push(page_finding(
                    "jump-broken",
                    Severity::Error,
                    page,
                    Some(id),
                    format!(
                        "{id} 的第{}部分接不上\u{FF08}缺少或重复的续接部分\u{FF09}",
                        part + 1
                    ),
                ));
                break;
            }
        }
    }
    let report = |id: &ArticleId, part: u32| {
        pages.iter().find_map(|page| {
            page.blocks
                .iter()
                .find(|b| &b.article == id && b.part == part)
                .map(|b| (page.number, b))
        })
    };
    for page in pages {
        for block in page.blocks.iter().filter(|b| b.part > 0) {
            let Some((previous_page, previous)) = report(&block.article, block.part - 1) else {
                continue;
            };
            if previous_page == page.number {
                continue;
            }
            let (first, _) = first_and_last_line(block);
            let (_, last) = first_and_last_line(previous);
            let from_ok = first == Some(jump_from_text(previous_page).as_str());
            let to_ok = last == Some(jump_to_text(page.number).as_str());
            if !from_ok || !to_ok {
                findings.push(page_finding(
                    "jump-broken",
                    Severity::Error,
                    page.number,
                    Some(&block.article),
                    format!(
                        "{} 从第{previous_page}版转到第{}版的转版行不对",
                        block.article, page.number
                    ),
                ));
            }
        }
    }
}
