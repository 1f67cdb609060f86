//! The desktop shell: eframe app, panels, commands, theme. The only layer that knows egui.

mod app;
mod app_storage;
mod article_form;
mod block_grid;
mod block_tooltips;
mod checks_panel;
pub mod command;
mod correspondent;
mod cpu_raster;
mod dialogs;
mod dictionary_window;
mod exchange_menu;
mod export_dialog;
pub mod fonts;
mod form_checks;
mod headline_hover;
mod ime_text;
mod inbox_window;
mod issue_tree;
mod makeup_canvas;
mod makeup_drop;
mod meeting_panel;
mod menu_bar;
mod page_dialogs;
mod page_preview;
mod panel;
mod photo_editor;
mod preview_photos;
mod recent;
mod replace_dialog;
mod run_galleys;
mod settings_window;
mod software_window;
pub mod startup;
mod template_editor;
pub mod theme;

pub use app::{CaibianApp, ExchangeSettings, SafetySettings};
pub use cpu_raster::CpuRaster;
pub use dialogs::{Notice, NoticeKind};
pub use recent::RecentFiles;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by SIGTERM or SIGINT; the next frame closes the window as a close request would.
static TERMINATION_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Ask the window to close as if the system did (SIGTERM/SIGINT); tests call it too.
pub fn request_termination() {
    TERMINATION_REQUESTED.store(true, Ordering::SeqCst);
}

/// Whether a termination was requested since the last call.
fn take_termination_request() -> bool {
    TERMINATION_REQUESTED.swap(false, Ordering::SeqCst)
}

/// SIGTERM and SIGINT are handled like a click on the window's close button: the issue is
/// autosaved, the user is asked about unsaved changes, and the lock is released.
fn install_termination_handler(ctx: egui::Context) {
    let installed = ctrlc::set_handler(move || {
        request_termination();
        ctx.request_repaint();
    });
    if let Err(error) = installed {
        eprintln!("caibian: cannot handle SIGTERM: {error}");
    }
}

/// The key under which the user's name is persisted.
const USER_NAME_KEY: &str = "caibian.user_name";

/// What the window opens on.
#[derive(Debug, Clone)]
pub enum StartupFile {
    /// A file named on the command line.
    Path(PathBuf),
    /// The last issue, or else the bundled sample.
    LastOrSample,
}

/// The eframe wrapper around [`CaibianApp`]: persistence and the frame callback.
struct NativeApp {
    app: CaibianApp,
    trace: startup::StartupTrace,
}

impl NativeApp {
    fn new(
        ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        startup: StartupFile,
        correspondent: bool,
    ) -> NativeApp {
        NativeApp {
            app: build_app(ctx, storage, startup, correspondent),
            trace: startup::StartupTrace::from_env(),
        }
    }
}

impl software_window::WindowApp for NativeApp {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        raw_input.max_texture_side = capped_texture_side(raw_input.max_texture_side);
        self.trace.frame_begins();
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        self.app.ui_root(ui);
        if self.trace.wants_next_frame() {
            ui.ctx().request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        persist(&self.app, storage);
    }

    fn on_exit(&mut self) {
        self.app.on_close();
    }
}

impl eframe::App for NativeApp {
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        software_window::WindowApp::raw_input_hook(self, ctx, raw_input);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        software_window::WindowApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        software_window::WindowApp::save(self, storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        software_window::WindowApp::on_exit(self);
    }
}

/// The largest texture egui is told the GPU takes; the preview's photos are at most 1024
/// pixels a side.
const MAX_TEXTURE_SIDE: usize = 4096;

/// The GPU's largest texture side, at most [`MAX_TEXTURE_SIDE`] (unknown stays unknown:
/// egui then assumes 2048). egui makes its font atlas as wide as that: 16,384 pixels
/// under Mesa's software GL, whose first 128 rows alone take 8 MB twice over (egui's
/// image and the driver's copy). Capped, the window starts about 12 MB smaller, and
/// zoomed in it stays under 300 MB instead of passing a gigabyte.
fn capped_texture_side(gpu: Option<usize>) -> Option<usize> {
    gpu.map(|side| side.min(MAX_TEXTURE_SIDE))
}

/// Write what the app remembers between runs: recent files, safety settings, user name.
fn persist(app: &CaibianApp, storage: &mut dyn eframe::Storage) {
    eframe::set_value(storage, RecentFiles::STORAGE_KEY, app.recent());
    eframe::set_value(storage, SafetySettings::STORAGE_KEY, app.safety_settings());
    eframe::set_value(storage, USER_NAME_KEY, &app.user_name().to_owned());
    eframe::set_value(
        storage,
        ExchangeSettings::STORAGE_KEY,
        app.exchange_settings(),
    );
}

/// Prepare an egui context the way the app needs it (fonts, theme). Returns an error
/// message when the bundled fonts cannot be loaded.
pub fn setup_context(ctx: &egui::Context) -> Result<(), String> {
    theme::apply(ctx);
    fonts::install(ctx).map_err(|e| e.to_string())
}

fn build_app(
    ctx: &egui::Context,
    storage: Option<&dyn eframe::Storage>,
    startup: StartupFile,
    correspondent: bool,
) -> CaibianApp {
    let font_problem = setup_context(ctx).err();
    let recent: RecentFiles = storage
        .and_then(|s| eframe::get_value(s, RecentFiles::STORAGE_KEY))
        .unwrap_or_default();
    install_termination_handler(ctx.clone());
    let data_dir = eframe::storage_dir(APP_ID);
    let mut app = open_at_start(startup, &recent, data_dir.as_deref());
    app.set_recent(recent);
    let settings: SafetySettings = storage
        .and_then(|s| eframe::get_value(s, SafetySettings::STORAGE_KEY))
        .unwrap_or_default();
    app.set_safety_settings(settings);
    let user: String = storage
        .and_then(|s| eframe::get_value(s, USER_NAME_KEY))
        .unwrap_or_default();
    app.set_user_name(user);
    let mut exchange: ExchangeSettings = storage
        .and_then(|s| eframe::get_value(s, ExchangeSettings::STORAGE_KEY))
        .unwrap_or_default();
    exchange.correspondent |= correspondent;
    app.set_exchange_settings(exchange);
    app.set_recovery_dir(eframe::storage_dir(APP_ID).map(|dir| dir.join("recovery")));
    if let Some(problem) = font_problem {
        eprintln!("caibian: {problem}");
        app.show_notice(Notice::error(problem));
    }
    app
}

/// The marker file that names the issue being opened at start until its first frame is
/// typeset: if it is still there at the next start, that file crashed or failed the
/// window, and it is not opened again automatically.
const OPENING_MARKER: &str = "opening-at-start";

/// The app the window starts on. The last issue is reopened only if the previous start
/// got through opening it; a file named on the command line is always opened.
pub fn open_at_start(
    startup: StartupFile,
    recent: &RecentFiles,
    data_dir: Option<&Path>,
) -> CaibianApp {
    let sample = || CaibianApp::open_sample(&crate::assets::sample_issue_path());
    let last = match startup {
        StartupFile::Path(path) => return CaibianApp::open_file(&path),
        StartupFile::LastOrSample => match recent.newest_existing() {
            Some(last) => last.to_path_buf(),
            None => return sample(),
        },
    };
    let marker = data_dir.map(|dir| dir.join(OPENING_MARKER));
    let failed_before = marker
        .as_deref()
        .and_then(|m| std::fs::read(m).ok())
        .is_some_and(|named| named == last.as_os_str().as_encoded_bytes());
    if failed_before {
        let mut app = sample();
        app.show_notice(Notice::error(format!(
            "上次启动时未能打开 {}\u{FF0C}这次没有自动打开它\u{FF1B}可从“文件 → 最近打开”再试",
            last.display()
        )));
        if let Some(marker) = &marker {
            let _ = std::fs::remove_file(marker);
        }
        return app;
    }
    if let Some(marker) = &marker {
        let _ = std::fs::create_dir_all(data_dir.unwrap_or(Path::new(".")));
        let _ = std::fs::write(marker, last.as_os_str().as_encoded_bytes());
    }
    let mut app = CaibianApp::open_file(&last);
    // Cleared after the first frame is typeset; kept when the file did not even load.
    if app.path().is_some() {
        app.clear_marker_after_first_frame(marker);
    }
    app
}

/// Open the main window and run until it closes.
pub fn run(startup: StartupFile) -> Result<(), String> {
    run_mode(startup, false)
}

/// How the window is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// OpenGL, through eframe: where there is a GPU.
    Gl,
    /// egui's shapes filled on the CPU ([`software_window`]): no GPU, where OpenGL would
    /// run on the CPU anyway, only slower to start and 60 MB heavier.
    Cpu,
}

/// The environment variable that picks the renderer: `gl` or `cpu`.
pub const RENDERER_ENV: &str = "CAIBIAN_RENDERER";

impl Renderer {
    /// As `CAIBIAN_RENDERER` says, or else by whether the machine has a GPU.
    pub fn choose() -> Renderer {
        let asked = std::env::var(RENDERER_ENV).ok();
        let gl_on_cpu = std::env::var_os("LIBGL_ALWAYS_SOFTWARE")
            .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        Renderer::from_settings(asked.as_deref(), has_gpu(), gl_on_cpu)
    }

    /// The choice from the variable's value (any case; unknown values are ignored), whether
    /// there is a GPU, and whether OpenGL was told to run on the CPU.
    fn from_settings(asked: Option<&str>, gpu: bool, gl_on_cpu: bool) -> Renderer {
        let asked = asked.map(|a| a.trim().to_ascii_lowercase());
        match asked.as_deref() {
            Some("gl" | "opengl" | "gpu") => Renderer::Gl,
            Some("cpu" | "software") => Renderer::Cpu,
            _ if gpu && !gl_on_cpu => Renderer::Gl,
            _ => Renderer::Cpu,
        }
    }
}

/// Whether the machine has a GPU. On Linux and the BSDs that is a DRM render node
/// (`/dev/dri/renderD*`): without one Mesa's OpenGL is llvmpipe, on the CPU. Elsewhere
/// the system's OpenGL is assumed to have one.
fn has_gpu() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd"
    )) {
        return true;
    }
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Open the window, in correspondent mode when `correspondent` (`caibian --correspondent`;
/// otherwise the mode last chosen), and run until it closes. The message says why the
/// window could not open.
pub fn run_mode(startup: StartupFile, correspondent: bool) -> Result<(), String> {
    let viewport = egui::ViewportBuilder::default()
        .with_title("采编")
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([800.0, 500.0]);
    match Renderer::choose() {
        Renderer::Cpu => run_on_cpu(viewport, startup, correspondent),
        Renderer::Gl => {
            let opened = std::rc::Rc::new(std::cell::Cell::new(false));
            let result = run_with_gl(viewport, startup, correspondent, &opened);
            match result {
                // No OpenGL to be had (no driver, no GLX visual): the CPU window still opens.
                Err(problem) if !opened.get() => {
                    eprintln!("caibian: OpenGL failed ({problem}); drawing the window on the CPU");
                    rerun_on_cpu()
                }
                result => result,
            }
        }
    }
}

/// Start this program again with the window drawn on the CPU: winit allows one event
/// loop in a process, and eframe's is spent.
fn rerun_on_cpu() -> Result<(), String> {
    let program = std::env::current_exe().map_err(|e| e.to_string())?;
    let status = std::process::Command::new(program)
        .args(std::env::args_os().skip(1))
        .env(RENDERER_ENV, "cpu")
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the window drawn on the CPU ended with {status}"))
    }
}

fn run_on_cpu(
    viewport: egui::ViewportBuilder,
    startup: StartupFile,
    correspondent: bool,
) -> Result<(), String> {
    software_window::run(APP_ID, viewport, move |ctx, storage| {
        NativeApp::new(ctx, storage, startup, correspondent)
    })
    .map_err(|e| e.to_string())
}

/// eframe's OpenGL window; `opened` is set once the app exists (after that an error is
/// not a reason to open the window again).
fn run_with_gl(
    viewport: egui::ViewportBuilder,
    startup: StartupFile,
    correspondent: bool,
    opened: &std::rc::Rc<std::cell::Cell<bool>>,
) -> Result<(), String> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        ..Default::default()
    };
    let opened = std::rc::Rc::clone(opened);
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            opened.set(true);
            Ok(Box::new(NativeApp::new(
                &cc.egui_ctx,
                cc.storage,
                startup,
                correspondent,
            )))
        }),
    )
    .map_err(|e| e.to_string())
}

/// The name the window's settings are kept under (eframe's storage directory).
const APP_ID: &str = "caibian";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderer_is_gl_with_a_gpu_and_cpu_without_unless_asked() {
        assert_eq!(Renderer::from_settings(None, true, false), Renderer::Gl);
        assert_eq!(Renderer::from_settings(None, false, false), Renderer::Cpu);
        // Mesa told to draw on the CPU: then the CPU window, which starts faster.
        assert_eq!(Renderer::from_settings(None, true, true), Renderer::Cpu);
        assert_eq!(
            Renderer::from_settings(Some(" GL "), false, true),
            Renderer::Gl
        );
        assert_eq!(
            Renderer::from_settings(Some("cpu"), true, false),
            Renderer::Cpu
        );
        assert_eq!(
            Renderer::from_settings(Some("Software"), true, false),
            Renderer::Cpu
        );
        // A value it does not know is ignored rather than refusing to open the window.
        assert_eq!(
            Renderer::from_settings(Some("vulkan"), true, false),
            Renderer::Gl
        );
    }

    /// eframe's storage, in memory.
    #[derive(Default)]
    struct MemoryStorage(std::collections::HashMap<String, String>);

    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn the_texture_side_egui_is_told_is_at_most_4096() {
        assert_eq!(capped_texture_side(Some(16_384)), Some(4096));
        assert_eq!(capped_texture_side(Some(2048)), Some(2048));
        assert_eq!(capped_texture_side(None), None);
    }

    #[test]
    fn the_user_name_set_in_the_settings_is_saved() {
        let mut app = CaibianApp::new(
            crate::model::Issue::new_empty(chrono::NaiveDate::from_ymd_opt(2022, 9, 22).unwrap()),
            None,
        );
        app.set_user_name("王编辑".to_owned());
        let mut storage = MemoryStorage::default();
        persist(&app, &mut storage);
        let saved: Option<String> = eframe::get_value(&storage, USER_NAME_KEY);
        assert_eq!(saved.as_deref(), Some("王编辑"));
    }
}
