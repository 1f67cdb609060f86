//! The command line: `caibian [FILE]`, `caibian info FILE`, and later export and checks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;

pub use check::{
    CheckArgs, check_command, fix_issue, issue_findings, page_blockers, print_blockers,
    text_blockers,
};
mod import;
pub use import::ImportArgs;

use crate::model::Issue;
use crate::render::export::{ExportProgress, ExportRequest, run_export};
use crate::render::photos::PhotoSizeCache;
use crate::store;
use crate::typeset::Typesetter;
use crate::typeset::display::PageList;

mod draft;

/// Exit code for input the program cannot use (a bad or missing file).
pub const EXIT_BAD_INPUT: u8 = 2;

/// 采编 caibian — an editorial workstation for a Chinese-language newspaper.
#[derive(Debug, Parser)]
#[command(
    name = "caibian",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The issue file (.ron) to open in the window; without it, the last issue or the
    /// bundled sample.
    pub file: Option<PathBuf>,
    /// Open the simpler correspondent window: article form, photos, export and send.
    #[arg(long)]
    pub correspondent: bool,
    /// A command to run without the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands that run without the window.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the masthead, the pages and the articles of an issue file.
    Info {
        /// The issue file (.ron).
        file: PathBuf,
    },
    /// Export the issue: print PDF, page images, web edition, plain text (several at once).
    Export(ExportArgs),
    /// Print every typeset line, page by page and block by block.
    Typeset {
        /// The issue file (.ron).
        file: PathBuf,
        /// Print JSON: {"pages": [{"number", "blocks": [{"article", "overflow_chars", "columns": [{"lines"}]}]}]}.
        #[arg(long)]
        json: bool,
    },
    /// Proofread: every rule on an issue file, the text rules on a UTF-8 text file;
    /// exit 0 with no errors, 1 with errors, 2 on bad input.
    Check(CheckArgs),
    /// Print the headlines and the lead drafted from an article's meeting data, and where
    /// body and metadata disagree; writes nothing.
    Draft {
        /// The issue file (.ron).
        file: PathBuf,
        /// The article's id, e.g. art-0002.
        article: String,
        /// Print JSON: {"article", "headlines", "dateline", "lead", "paragraphs", "error", "findings"}.
        #[arg(long)]
        json: bool,
    },
    /// Import articles (.article.zip, .docx, .txt) into a copy of an issue.
    Import(ImportArgs),
    /// 自动组版: place the pool's articles on a page and write the result to a new file.
    Layout(LayoutArgs),
}

/// What `caibian layout` reads and writes.
#[derive(Debug, clap::Args)]
pub struct LayoutArgs {
    /// The issue file (.ron); never written.
    pub file: PathBuf,
    /// The page to make up (added, with the pages before it, if the issue has fewer).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub page: u32,
    /// The template of the page (for added pages, or to change the page's template).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Where the made-up issue goes.
    #[arg(long, value_name = "OUT.ron")]
    pub out: PathBuf,
}

/// Where `caibian export` writes.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The issue file (.ron).
    pub file: PathBuf,
    /// The whole issue as one print PDF.
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    /// One PDF per page into this folder.
    #[arg(long, value_name = "DIR")]
    pub pdf_pages: Option<PathBuf>,
    /// Crop marks and 3 mm bleed on the PDF pages.
    #[arg(long)]
    pub crop_marks: bool,
    /// Page images (PNG, plus 400-pixel thumbnails) into this folder.
    #[arg(long, value_name = "DIR")]
    pub png: Option<PathBuf>,
    /// Resolution of the page images.
    #[arg(long, default_value_t = crate::render::raster::DEFAULT_DPI, value_name = "N")]
    pub dpi: f32,
    /// The web edition into this folder.
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Plain text per article into this folder.
    #[arg(long, value_name = "DIR")]
    pub txt: Option<PathBuf>,
    /// Export a print PDF even when the checks find errors.
    #[arg(long)]
    pub force: bool,
}

/// Run a command-line command, writing to `out` and `err`; returns the exit code.
pub fn run_command(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match command {
        Command::Info { file } => match load_issue_or_report(file, err) {
            Ok(issue) => match write_info(&issue, out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => report(err, &format!("cannot write output: {e}"), 1),
            },
            Err(code) => code,
        },
        Command::Export(args) => export_command(args, out, err),
        Command::Check(args) => check_command(args, out, err),
        Command::Draft {
            file,
            article,
            json,
        } => draft::draft_command(file, article, *json, out, err),
        Command::Import(args) => import::import_command(args, out, err),
        Command::Layout(args) => layout_command(args, out, err),
        Command::Typeset { file, json } => {
            let (issue, mut typesetter) = match load_for_typesetting(file, err) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            let folder = crate::store::photo::issue_folder(file);
            let sizes = PhotoSizeCache::new(Some(&folder));
            let pages = typesetter.typeset_with_photos(&issue, &sizes);
            let written = if *json {
                write_typeset_json(&pages, out)
            } else {
                write_typeset_text(&pages, out)
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => report(err, &format!("cannot write output: {e}"), 1),
            }
        }
    }
}

/// The typeset lines as JSON in the shape the README documents.
pub fn write_typeset_json(pages: &[PageList], out: &mut dyn Write) -> std::io::Result<()> {
    let report = crate::typeset::display::TypesetReport::new(pages);
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// The typeset lines as indented text.
pub fn write_typeset_text(pages: &[PageList], out: &mut dyn Write) -> std::io::Result<()> {
    for page in pages {
        writeln!(out, "第{}版", page.number)?;
        for block in &page.blocks {
            writeln!(
                out,
                "  [{}] part {} overflow {} empty lines {}",
                block.article, block.part, block.overflow_chars, block.empty_lines
            )?;
            for (index, column) in block.columns.iter().enumerate() {
                writeln!(out, "    column {}", index + 1)?;
                for line in &column.lines {
                    writeln!(out, "      {line}")?;
                }
            }
        }
    }
    Ok(())
}

/// Load an issue and the bundled typesetter, refusing (exit 2) an issue whose blocks leave
/// their page's grid; a missing font or template is exit 1.
fn load_for_typesetting(
    file: &std::path::Path,
    err: &mut dyn Write,
) -> Result<(Issue, Typesetter), ExitCode> {
    let issue = load_issue_or_report(file, err)?;
    let typesetter = Typesetter::bundled().map_err(|e| report(err, &e.to_string(), 1))?;
    typesetter
        .check_placements(&issue)
        .map_err(|e| report(err, &format!("{}: {e}", file.display()), EXIT_BAD_INPUT))?;
    Ok((issue, typesetter))
}

/// Load an issue file, or say why not on `err` and give exit code 2.
pub fn load_issue_or_report(
    file: &std::path::Path,
    err: &mut dyn Write,
) -> Result<Issue, ExitCode> {
    store::load_issue(file)
        .map_err(|e| report(err, &format!("{}: {e}", file.display()), EXIT_BAD_INPUT))
}

/// Print `caibian: MESSAGE` on `err` and return exit code `code`.
pub fn report(err: &mut dyn Write, message: &str, code: u8) -> ExitCode {
    let _ = writeln!(err, "caibian: {message}");
    ExitCode::from(code)
}

/// The `info` listing: masthead, one line per page, one line per article.
pub fn write_info(issue: &Issue, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", issue.paper_name)?;
    writeln!(
        out,
        "第{}期 总第{}期 {}",
        issue.issue_number,
        issue.running_number,
        issue.date.format("%Y-%m-%d")
    )?;
    writeln!(out)?;
    writeln!(out, "版面")?;
    for page in &issue.pages {
        let count = issue.articles_on_page(page).count();
        writeln!(out, "  第{}版\t{}\t{}篇", page.number, page.name, count)?;
    }
    writeln!(out)?;
    writeln!(out, "稿件")?;
    for article in &issue.articles {
        writeln!(
            out,
            "  {}\t{}\t{}\t{}字",
            article.id,
            article.headline,
            article.status.label(),
            article.body_chars()
        )?;
    }
    Ok(())
}

fn export_command(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let request = ExportRequest {
        pdf: args.pdf.clone(),
        pdf_pages_dir: args.pdf_pages.clone(),
        crop_marks: args.crop_marks,
        png_dir: args.png.clone(),
        dpi: args.dpi,
        html_dir: args.html.clone(),
        txt_dir: args.txt.clone(),
    };
    if request.is_empty() {
        return report(
            err,
            "nothing to export: give --pdf, --pdf-pages, --png, --html or --txt",
            EXIT_BAD_INPUT,
        );
    }
    if (request.png_dir.is_some() || request.html_dir.is_some())
        && let Err(e) = crate::render::raster::check_dpi(request.dpi)
    {
        return report(err, &e.to_string(), EXIT_BAD_INPUT);
    }
    let (issue, mut typesetter) = match load_for_typesetting(&args.file, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let gate = (args.pdf.is_some() || args.pdf_pages.is_some()) && !args.force;
    let folder = crate::store::photo::issue_folder(&args.file);
    // The text rules run on another core while the issue typesets; the page rules then
    // check the pages the export draws, so nothing is typeset twice.
    let (pages, blockers) = std::thread::scope(|scope| {
        let text_checks = gate.then(|| scope.spawn(|| text_blockers(&issue, &args.file)));
        let pages = typesetter.typeset_with_photos(&issue, &PhotoSizeCache::new(Some(&folder)));
        let blockers = text_checks.map(|handle| {
            let mut found = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            found.extend(page_blockers(&issue, &pages));
            found
        });
        (pages, blockers)
    });
    if let Some(blockers) = blockers
        && !blockers.is_empty()
    {
        return refuse_print(&blockers, err);
    }
    let mut progress = |step: ExportProgress| {
        let _ = writeln!(err, "{} {}/{}", step.stage, step.done, step.total);
    };
    match run_export(&issue, &pages, Some(&folder), &request, &mut progress) {
        Ok(done) => {
            for warning in &done.warnings {
                let _ = writeln!(err, "caibian: warning: {warning}");
            }
            for file in &done.files {
                let _ = writeln!(out, "{}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(err, &e.to_string(), 1),
    }
}

/// Print PDFs are not made from an issue the checks find errors in (without `--force`):
/// lists the errors and returns the exit code.
fn refuse_print(blockers: &[crate::proof::Finding], err: &mut dyn Write) -> ExitCode {
    for finding in blockers {
        let place = finding
            .article
            .as_ref()
            .map(|a| format!("{a} "))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "caibian: error: {place}{}: {}",
            finding.rule, finding.message
        );
    }
    report(
        err,
        &format!(
            "{} error(s): no print PDF written; fix them (caibian check) or pass --force",
            blockers.len()
        ),
        1,
    )
}

/// `caibian layout`: 自动组版 on one page, the result written to `--out`.
fn layout_command(args: &LayoutArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if same_file(&args.file, &args.out) {
        return report(
            err,
            "--out must name a new file: the input issue is never written",
            EXIT_BAD_INPUT,
        );
    }
    if args.page == 0 || args.page as usize > crate::model::makeup::MAX_PAGES {
        return report(
            err,
            &format!("--page {} is not a page number", args.page),
            EXIT_BAD_INPUT,
        );
    }
    let issue = match load_issue_or_report(&args.file, err) {
        Ok(issue) => issue,
        Err(code) => return code,
    };
    let typesetter = match Typesetter::bundled() {
        Ok(typesetter) => typesetter,
        Err(e) => return report(err, &e.to_string(), 1),
    };
    let mut doc = crate::model::Document::new(issue);
    doc.set_grids(crate::model::PageGrids::from_templates(
        typesetter.templates(),
    ));
    if let Err(e) = prepare_page(&mut doc, args, &typesetter) {
        return report(err, &e.to_string(), EXIT_BAD_INPUT);
    }
    let folder = crate::store::photo::issue_folder(&args.file);
    let sizes = PhotoSizeCache::new(Some(&folder));
    let layout = match crate::makeup::auto_layout(
        &typesetter,
        doc.issue(),
        doc.grids(),
        args.page,
        &sizes,
    ) {
        Ok(layout) => layout,
        Err(e) => return report(err, &e.to_string(), 1),
    };
    if let Err(e) = doc.apply(layout.edit.clone()) {
        return report(err, &e.to_string(), 1);
    }
    if let Err(e) = store::save_issue(&args.out, doc.issue()) {
        return report(err, &format!("{}: {e}", args.out.display()), 1);
    }
    // 第3版：排入 2 篇，填满空白版面的 95.6%
    let _ = writeln!(
        out,
        "第{}版\u{FF1A}排入 {} 篇\u{FF0C}填满空白版面的 {:.1}%",
        args.page,
        layout.placed.len(),
        layout.fill() * 100.0
    );
    let headline = |id: &crate::model::ArticleId| {
        doc.issue()
            .article(id)
            .map_or(String::new(), |a| a.headline.clone())
    };
    for id in &layout.placed {
        let _ = writeln!(out, "  {id}\t{}", headline(id));
    }
    if layout.left_out_approved.is_empty() {
        ExitCode::SUCCESS
    } else {
        let names: Vec<String> = layout
            .left_out_approved
            .iter()
            .map(|id| format!("{id} {}", headline(id)))
            .collect();
        report(
            err,
            &format!(
                "签发的稿件排不进第{}版\u{FF1A}{}",
                args.page,
                names.join("\u{FF1B}")
            ),
            1,
        )
    }
}

/// Add pages up to `--page` and set its template if asked, as edits (checked like any).
fn prepare_page(
    doc: &mut crate::model::Document,
    args: &LayoutArgs,
    typesetter: &Typesetter,
) -> Result<(), crate::model::EditError> {
    use crate::model::Edit;
    let default_template = args.template.clone().unwrap_or_else(|| {
        doc.issue()
            .pages
            .last()
            .map(|p| typesetter.template_for(p).name.clone())
            .or_else(|| typesetter.templates().first().map(|t| t.name.clone()))
            .unwrap_or_default()
    });
    while (doc.issue().pages.len() as u32) < args.page {
        let at = doc.issue().pages.len() as u32 + 1;
        doc.apply(Edit::AddPage {
            at,
            name: String::new(),
            template: default_template.clone(),
        })?;
    }
    if let Some(template) = &args.template {
        let index = crate::model::makeup::page_index(doc.issue(), args.page)?;
        let page = &doc.issue().pages[index];
        if &page.template != template {
            doc.apply(Edit::SetPage {
                page: args.page,
                name: page.name.clone(),
                template: template.clone(),
                credits: page.credits.clone(),
            })?;
        }
    }
    Ok(())
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
