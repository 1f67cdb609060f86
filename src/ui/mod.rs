//! The desktop shell: eframe app, panels, commands, theme. The only layer that knows egui.

mod app;
mod article_form;
pub mod command;
mod correspondent;
mod dialogs;
mod exchange_menu;
mod export_dialog;
pub mod fonts;
mod inbox_window;
mod issue_tree;
mod menu_bar;
mod page_preview;
mod panel;
mod recent;
mod replace_dialog;
mod settings_window;
mod template_editor;
pub mod theme;

pub use app::{CaibianApp, ExchangeSettings, SafetySettings};
pub use dialogs::{Notice, NoticeKind};
pub use recent::RecentFiles;

use std::path::PathBuf;

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
}

impl eframe::App for NativeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RecentFiles::STORAGE_KEY, self.app.recent());
        eframe::set_value(
            storage,
            SafetySettings::STORAGE_KEY,
            self.app.safety_settings(),
        );
        eframe::set_value(
            storage,
            ExchangeSettings::STORAGE_KEY,
            self.app.exchange_settings(),
        );
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.on_close();
    }
}

/// Prepare an egui context the way the app needs it (fonts, theme). Returns an error
/// message when the bundled fonts cannot be loaded.
pub fn setup_context(ctx: &egui::Context) -> Result<(), String> {
    theme::apply(ctx);
    fonts::install(ctx).map_err(|e| e.to_string())
}

fn build_app(
    cc: &eframe::CreationContext<'_>,
    startup: StartupFile,
    correspondent: bool,
) -> CaibianApp {
    let font_problem = setup_context(&cc.egui_ctx).err();
    let recent: RecentFiles = cc
        .storage
        .and_then(|s| eframe::get_value(s, RecentFiles::STORAGE_KEY))
        .unwrap_or_default();
    let mut app = match startup {
        StartupFile::Path(path) => CaibianApp::open_file(&path),
        StartupFile::LastOrSample => match recent.newest_existing() {
            Some(last) => CaibianApp::open_file(last),
            None => CaibianApp::open_sample(&crate::assets::sample_issue_path()),
        },
    };
    app.set_recent(recent);
    let settings: SafetySettings = cc
        .storage
        .and_then(|s| eframe::get_value(s, SafetySettings::STORAGE_KEY))
        .unwrap_or_default();
    app.set_safety_settings(settings);
    let user: String = cc
        .storage
        .and_then(|s| eframe::get_value(s, USER_NAME_KEY))
        .unwrap_or_default();
    app.set_user_name(user);
    let mut exchange: ExchangeSettings = cc
        .storage
        .and_then(|s| eframe::get_value(s, ExchangeSettings::STORAGE_KEY))
        .unwrap_or_default();
    exchange.correspondent |= correspondent;
    app.set_exchange_settings(exchange);
    app.set_recovery_dir(eframe::storage_dir("caibian").map(|dir| dir.join("recovery")));
    if let Some(problem) = font_problem {
        eprintln!("caibian: {problem}");
        app.show_notice(Notice::error(problem));
    }
    app
}

/// Open the main window and run until it closes.
pub fn run(startup: StartupFile) -> eframe::Result {
    run_mode(startup, false)
}

/// Open the window, in correspondent mode when `correspondent` (`caibian --correspondent`;
/// otherwise the mode last chosen), and run until it closes.
pub fn run_mode(startup: StartupFile, correspondent: bool) -> eframe::Result {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("采编")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "caibian",
        options,
        Box::new(move |cc| {
            Ok(Box::new(NativeApp {
                app: build_app(cc, startup, correspondent),
            }))
        }),
    )
}
