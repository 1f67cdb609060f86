//! `caibian draft`: headlines and lead drafted from an article's meeting data, and the
//! agreement findings; nothing is written.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_BAD_INPUT, report};
use crate::meeting::{self, LeadDraft};
use crate::model::{Article, ArticleId};
use crate::proof::Finding;

/// Run `caibian draft FILE ARTICLE [--json]`: exit 2 on a bad file or an unknown id, 1 when
/// the article has no meeting data or too little to draft a lead.
pub fn draft_command(
    file: &Path,
    id: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let issue = match super::load_issue_or_report(file, err) {
        Ok(issue) => issue,
        Err(code) => return code,
    };
    let Some(article) = issue.article(&ArticleId(id.to_owned())) else {
        return report(
            err,
            &format!("{}: no article with id {id}", file.display()),
            EXIT_BAD_INPUT,
        );
    };
    let Some(info) = &article.meeting else {
        return report(err, &format!("article {id} has no meeting data"), 1);
    };
    let headlines = meeting::suggest_headlines(info);
    let draft = meeting::draft_lead(info);
    let findings = meeting::check_article(article, issue.date);
    let written = if json {
        write_json(article, &headlines, &draft, &findings, out)
    } else {
        write_text(&headlines, &draft, &findings, out)
    };
    if let Err(e) = written {
        return report(err, &format!("cannot write output: {e}"), 1);
    }
    match draft {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => report(err, &e.to_string(), 1),
    }
}

fn write_text(
    headlines: &[String],
    draft: &Result<LeadDraft, meeting::DraftError>,
    findings: &[Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "标题")?;
    for (index, headline) in headlines.iter().enumerate() {
        writeln!(out, "  {}. {headline}", index + 1)?;
    }
    match draft {
        Ok(draft) => {
            writeln!(out, "电头")?;
            writeln!(out, "  {}", draft.dateline)?;
            writeln!(out, "正文")?;
            for paragraph in draft.paragraphs() {
                writeln!(out, "  {paragraph}")?;
            }
        }
        Err(e) => writeln!(out, "导语\n  ({e})")?,
    }
    writeln!(out, "核对")?;
    for finding in findings {
        writeln!(
            out,
            "  [{}] {} {}",
            finding.rule,
            finding.severity.label(),
            finding.message
        )?;
    }
    Ok(())
}

fn write_json(
    article: &Article,
    headlines: &[String],
    draft: &Result<LeadDraft, meeting::DraftError>,
    findings: &[Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (dateline, lead, paragraphs, error) = match draft {
        Ok(d) => (
            Some(d.dateline.clone()),
            Some(d.lead.clone()),
            d.points.clone(),
            None,
        ),
        Err(e) => (None, None, Vec::new(), Some(e.to_string())),
    };
    let value = serde_json::json!({
        "article": article.id.0,
        "headlines": headlines,
        "dateline": dateline,
        "lead": lead,
        "paragraphs": paragraphs,
        "error": error,
        "findings": findings.iter().map(|f| serde_json::json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "field": f.field.map(|field| field.label()),
            "range": f.range.as_ref().map(|r| [r.start, r.end]),
            "message": f.message,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
