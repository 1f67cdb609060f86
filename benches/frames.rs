//! Frame time of the window in an egui_kittest harness (one UI pass plus tessellation,
//! 1400 × 900): the sample at fit-page and 100 % zoom, idle, typing in the body and
//! dragging a block across the page, and a full 对开 page of eight blocks; then cases
//! drawn on the CPU too, as the window without a GPU does. Besides criterion's figures
//! it prints each case's p50 and p95 over 400 frames.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use caibian::model::{Article, ArticleId, Issue, Page, Placement};
use caibian::ui::{CaibianApp, CpuRaster};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Key, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Frames sampled for the printed percentiles.
const PERCENTILE_FRAMES: usize = 400;

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample")
}

/// A copy of the sample issue with its photos in a temporary folder (the window writes
/// autosaves and a lock beside the file it opens).
fn sample_copy(dir: &Path) -> PathBuf {
    let from = sample_dir();
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).expect("temp folder");
    for entry in std::fs::read_dir(from.join("photos")).expect("sample photos") {
        let entry = entry.expect("photo entry");
        std::fs::copy(entry.path(), photos.join(entry.file_name())).expect("photo copy");
    }
    let path = dir.join("issue.ron");
    std::fs::copy(from.join("sample-issue.ron"), &path).expect("sample copy");
    path
}

/// One 对开 page tiled with eight 2-column blocks of real copy from the sample.
fn broadsheet_page(dir: &Path) -> PathBuf {
    let sample =
        caibian::store::load_issue(&sample_dir().join("sample-issue.ron")).expect("sample loads");
    let copy: Vec<char> = sample
        .articles
        .iter()
        .flat_map(|a| a.body.chars())
        .collect();
    let mut issue = Issue::new_empty(sample.date);
    issue.paper_name = sample.paper_name.clone();
    let mut page = Page {
        number: 1,
        name: "要闻".into(),
        template: "\u{5BF9}\u{5F00}".into(), // 对开
        placements: Vec::new(),
        credits: None,
        signed_off: false,
    };
    let (top, half) = (18, (104 - 18) / 2);
    for block in 0..8u32 {
        let id = ArticleId(format!("art-{block}"));
        let mut article = Article::new(id.clone());
        article.headline = sample.articles[block as usize % sample.articles.len()]
            .headline
            .clone();
        article.body = copy
            .iter()
            .cycle()
            .skip(block as usize * 1500)
            .take(1500)
            .collect();
        issue.articles.push(article);
        page.placements.push(Placement {
            article: id,
            part: 0,
            column: (block % 4) * 2,
            span: 2,
            line: top + (block / 4) * half,
            depth: half,
        });
    }
    issue.pages = vec![page];
    let path = dir.join("broadsheet.ron");
    caibian::store::save_issue(&path, &issue).expect("broadsheet saves");
    path
}

/// The window's size in the benchmark.
const WINDOW: [usize; 2] = [1400, 900];

/// The CPU rasterizer, fed the harness's texture changes, and the frame's pixels.
struct CpuWindow {
    raster: Rc<RefCell<CpuRaster>>,
    pixels: Vec<[u8; 4]>,
}

/// Hands the harness's texture changes to the benchmark's rasterizer.
struct SharedRaster(Rc<RefCell<CpuRaster>>);

impl egui_kittest::TestRenderer for SharedRaster {
    fn handle_delta(&mut self, delta: &mut egui::TexturesDelta) {
        self.0.borrow_mut().take_textures(delta);
    }
}

fn harness(path: &Path, cpu: &CpuWindow) -> Harness<'static, CaibianApp> {
    let mut harness = Harness::builder()
        .with_size(vec2(WINDOW[0] as f32, WINDOW[1] as f32))
        .with_context_setup(|ctx| caibian::ui::setup_context(ctx).expect("bundled fonts load"))
        .renderer(SharedRaster(Rc::clone(&cpu.raster)))
        .build_ui_state(
            |ui, app: &mut CaibianApp| app.ui_root(ui),
            CaibianApp::open_file(path),
        );
    // Let the first typesetting, the photos and the checks settle.
    harness.run_steps(30);
    harness
}

/// One frame as the window draws it: a UI pass, then the shapes tessellated, and with
/// `cpu` filled into pixels as the window without a GPU does.
fn frame(harness: &mut Harness<'_, CaibianApp>, cpu: Option<&mut CpuWindow>) {
    harness.step();
    let output = harness.output();
    let primitives = harness
        .ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point);
    if let Some(cpu) = cpu {
        cpu.raster.borrow_mut().draw(
            &mut cpu.pixels,
            WINDOW,
            &primitives,
            output.pixels_per_point,
        );
    }
    std::hint::black_box(primitives);
}

/// What happens between frames.
#[derive(Clone, Copy)]
enum Activity {
    Idle,
    /// A character typed in the body, then taken back, in turn.
    Typing,
    /// The pointer holds a block and moves it across the page.
    Dragging,
}

fn prepare(harness: &mut Harness<'_, CaibianApp>, activity: Activity) -> Pos2 {
    match activity {
        Activity::Idle => Pos2::ZERO,
        Activity::Typing => {
            harness.get_by_label("正文").focus();
            harness.run_steps(2);
            Pos2::ZERO
        }
        Activity::Dragging => {
            let block = harness
                .query_all_by_label_contains("版块 ")
                .next()
                .expect("a block on the page")
                .rect()
                .center();
            harness.hover_at(block);
            harness.step();
            harness.drag_at(block);
            harness.step();
            block
        }
    }
}

fn act(harness: &mut Harness<'_, CaibianApp>, activity: Activity, grab: Pos2, frame_index: u64) {
    match activity {
        Activity::Idle => {}
        Activity::Typing if frame_index.is_multiple_of(2) => {
            harness.event(Event::Text("\u{6587}".into())) // 文
        }
        Activity::Typing => harness.event(Event::Key {
            key: Key::Backspace,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        }),
        Activity::Dragging => {
            // Across the page and back, 40 frames each way.
            let phase = (frame_index % 80) as f32;
            let across = if phase < 40.0 { phase } else { 80.0 - phase };
            harness.hover_at(grab + vec2(across * 6.0, across * 4.0));
        }
    }
}

fn percentiles(
    harness: &mut Harness<'_, CaibianApp>,
    activity: Activity,
    grab: Pos2,
    mut cpu: Option<&mut CpuWindow>,
) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..PERCENTILE_FRAMES as u64)
        .map(|i| {
            act(harness, activity, grab, i);
            let start = Instant::now();
            frame(harness, cpu.as_deref_mut());
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    (at(0.5), at(0.95))
}

/// How a case's frames are drawn.
#[derive(Clone, Copy, PartialEq)]
enum Drawn {
    /// Tessellated only: what the GPU window's CPU side does.
    Tessellated,
    /// Also filled into pixels on the CPU.
    OnCpu,
}

fn case(
    c: &mut Criterion,
    name: &str,
    path: &Path,
    (actual_size, activity): (bool, Activity),
    drawn: Drawn,
) {
    let mut cpu = CpuWindow {
        raster: Rc::new(RefCell::new(CpuRaster::default())),
        pixels: vec![[0; 4]; WINDOW[0] * WINDOW[1]],
    };
    let mut harness = harness(path, &cpu);
    if actual_size {
        harness.get_by_label("100%").click();
        harness.run_steps(3);
    }
    let grab = prepare(&mut harness, activity);
    let mut cpu = (drawn == Drawn::OnCpu).then_some(&mut cpu);
    let (p50, p95) = percentiles(&mut harness, activity, grab, cpu.as_deref_mut());
    eprintln!("frame {name}: p50 {p50:.2} ms, p95 {p95:.2} ms");
    let mut frame_index = 0;
    c.bench_function(&format!("frame/{name}"), |b| {
        b.iter(|| {
            act(&mut harness, activity, grab, frame_index);
            frame_index += 1;
            frame(&mut harness, cpu.as_deref_mut());
        })
    });
    if let Activity::Dragging = activity {
        harness.event(Event::PointerButton {
            pos: grab,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
    }
}

fn frame_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp folder");
    let sample = sample_copy(dir.path());
    let broadsheet = broadsheet_page(dir.path());
    let (fit, actual) = (false, true);
    let cases = [
        ("sample fit-page idle", &sample, (fit, Activity::Idle)),
        ("sample fit-page typing", &sample, (fit, Activity::Typing)),
        (
            "sample fit-page dragging",
            &sample,
            (fit, Activity::Dragging),
        ),
        ("sample 100% idle", &sample, (actual, Activity::Idle)),
        (
            "sample 100% dragging",
            &sample,
            (actual, Activity::Dragging),
        ),
        (
            "broadsheet fit-page idle",
            &broadsheet,
            (fit, Activity::Idle),
        ),
        (
            "broadsheet fit-page typing",
            &broadsheet,
            (fit, Activity::Typing),
        ),
    ];
    for (name, path, how) in cases {
        case(c, name, path, how, Drawn::Tessellated);
    }
    let on_cpu = [
        ("cpu sample fit-page idle", &sample, (fit, Activity::Idle)),
        (
            "cpu sample fit-page typing",
            &sample,
            (fit, Activity::Typing),
        ),
        (
            "cpu sample 100% dragging",
            &sample,
            (actual, Activity::Dragging),
        ),
    ];
    for (name, path, how) in on_cpu {
        case(c, name, path, how, Drawn::OnCpu);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60);
    targets = frame_benches
}
criterion_main!(benches);
