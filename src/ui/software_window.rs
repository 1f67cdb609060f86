//! The window drawn on the CPU: winit and egui-winit around the vendored egui rasterizer.
//!
//! On a machine without a GPU, eframe's OpenGL window runs on Mesa's llvmpipe: creating
//! its context takes 50–60 ms, its first paint another 50, and it maps 60 MB of LLVM and
//! driver. Here egui's triangles are filled on the CPU into a softbuffer surface
//! instead. eframe keeps the window where a GPU is present (see [`super::Renderer`]).
//!
//! What eframe does that matters to caibian is done the same way: the app may cancel a
//! close (unsaved work), settings are saved every 30 seconds and at exit, repaints can be
//! asked for from any thread, and viewport commands (title, close) go to the window.

use std::num::NonZeroU32;
use std::rc::Rc;
use std::time::{Duration, Instant};

use egui::{ViewportCommand, ViewportId};
use winit::application::ApplicationHandler;
use winit::event::WindowEvent;
use winit::event_loop::{
    ActiveEventLoop, ControlFlow, EventLoop, EventLoopProxy, OwnedDisplayHandle,
};
use winit::window::{Window, WindowId};

use super::app_storage::FileStorage;
use super::cpu_raster::CpuRaster;

/// How often settings are saved while the window is open, as eframe does.
const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

/// What the CPU-drawn window drives: the same hooks eframe's `App` has.
pub(super) trait WindowApp {
    /// Adjust the input before each frame.
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput);
    /// Draw one frame.
    fn ui(&mut self, ui: &mut egui::Ui);
    /// Write what is remembered between runs.
    fn save(&mut self, storage: &mut dyn eframe::Storage);
    /// The window is closing.
    fn on_exit(&mut self);
}

/// Why the window could not be opened or kept open.
#[derive(Debug)]
pub struct SoftwareWindowError(String);

impl std::fmt::Display for SoftwareWindowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SoftwareWindowError {}

fn window_error(what: &str, cause: impl std::fmt::Display) -> SoftwareWindowError {
    SoftwareWindowError(format!("{what}: {cause}"))
}

/// A wake-up sent to the event loop from any thread.
#[derive(Debug)]
enum Wake {
    /// egui asked for a repaint at `when`, during pass `pass_nr`.
    Repaint { when: Instant, pass_nr: u64 },
    /// A screen reader acted on the window.
    AccessKit(egui_winit::accesskit_winit::Event),
}

impl From<egui_winit::accesskit_winit::Event> for Wake {
    fn from(event: egui_winit::accesskit_winit::Event) -> Wake {
        Wake::AccessKit(event)
    }
}

/// Open the window described by `viewport` and run `make_app`'s app in it until it
/// closes. `make_app` gets the egui context and the settings saved last time.
pub(super) fn run<A, F>(
    app_id: &str,
    viewport: egui::ViewportBuilder,
    make_app: F,
) -> Result<(), SoftwareWindowError>
where
    A: WindowApp,
    F: FnOnce(&egui::Context, Option<&dyn eframe::Storage>) -> A,
{
    let event_loop = EventLoop::<Wake>::with_user_event()
        .build()
        .map_err(|e| window_error("cannot connect to the display", e))?;
    let softbuffer = softbuffer::Context::new(event_loop.owned_display_handle())
        .map_err(|e| window_error("cannot draw to the display", e))?;
    let ctx = egui::Context::default();
    let proxy = event_loop.create_proxy();
    let repaint_proxy = proxy.clone();
    ctx.set_request_repaint_callback(move |info| {
        let when = Instant::now() + info.delay;
        let pass_nr = info.current_cumulative_pass_nr;
        // The loop is gone only when the window has closed; nothing is left to repaint.
        let _ = repaint_proxy.send_event(Wake::Repaint { when, pass_nr });
    });
    let mut runner = Runner {
        ctx,
        viewport,
        softbuffer,
        proxy,
        storage: FileStorage::for_app(app_id),
        make_app: Some(make_app),
        open: None,
        repaint_at: None,
        last_save: Instant::now(),
        error: None,
    };
    event_loop
        .run_app(&mut runner)
        .map_err(|e| window_error("the window's event loop failed", e))?;
    runner.error.map_or(Ok(()), Err)
}

/// The event loop's state: before the window exists, and while it is open.
struct Runner<A, F> {
    ctx: egui::Context,
    viewport: egui::ViewportBuilder,
    softbuffer: softbuffer::Context<OwnedDisplayHandle>,
    proxy: EventLoopProxy<Wake>,
    storage: Option<FileStorage>,
    make_app: Option<F>,
    open: Option<OpenWindow<A>>,
    /// When egui wants the next frame, if not at once.
    repaint_at: Option<Instant>,
    last_save: Instant,
    error: Option<SoftwareWindowError>,
}

/// The window and what draws into it. Field order is drop order: egui-winit's state
/// (its Wayland clipboard) goes before the window it was made for.
struct OpenWindow<A> {
    app: A,
    egui_winit: egui_winit::State,
    surface: softbuffer::Surface<OwnedDisplayHandle, Rc<Window>>,
    window: Rc<Window>,
    raster: CpuRaster,
    info: egui::ViewportInfo,
    /// The geometry restored at start, until it has been applied after the first frame
    /// (X11 maximizes or goes full screen only once the window is shown).
    restored: Option<egui_winit::WindowSettings>,
    /// Whether the window, created hidden, is still to be shown with its first frame.
    show_after_first_frame: bool,
    /// The size and position before the window was maximized, to restore to.
    normal_geometry: Option<egui_winit::WindowGeometry>,
}

impl<A, F> Runner<A, F>
where
    A: WindowApp,
    F: FnOnce(&egui::Context, Option<&dyn eframe::Storage>) -> A,
{
    fn open_window(&mut self, event_loop: &ActiveEventLoop) -> Result<(), SoftwareWindowError> {
        let storage = self.storage.as_ref().map(|s| s as &dyn eframe::Storage);
        let restored = restore_egui_state(&self.ctx, storage, event_loop);
        let mut viewport = self.viewport.clone();
        if let Some(settings) = &restored {
            viewport = settings.initialize_viewport_builder(self.ctx.zoom_factor(), viewport);
        }
        // Hidden until its first frame is ready, as eframe does: no empty window flashes,
        // and AccessKit's adapter must exist before the window is first shown.
        let show_after_first_frame = viewport.visible.unwrap_or(true);
        let viewport = viewport.with_visible(false);
        let window = egui_winit::create_window(&self.ctx, event_loop, &viewport)
            .map_err(|e| window_error("cannot open the window", e))?;
        if let Some(settings) = &restored {
            settings.initialize_window(&window);
        }
        let window = Rc::new(window);
        let surface = softbuffer::Surface::new(&self.softbuffer, Rc::clone(&window))
            .map_err(|e| window_error("cannot draw into the window", e))?;
        let mut egui_winit = egui_winit::State::new(
            self.ctx.clone(),
            ViewportId::ROOT,
            event_loop,
            Some(window.scale_factor() as f32),
            window.theme(),
            Some(super::MAX_TEXTURE_SIDE),
        );
        egui_winit.init_accesskit(event_loop, &window, self.proxy.clone());
        let mut info = egui::ViewportInfo::default();
        egui_winit::update_viewport_info(&mut info, &self.ctx, &window, true);
        let Some(make_app) = self.make_app.take() else {
            return Err(SoftwareWindowError(
                "the window was opened twice".to_owned(),
            ));
        };
        let app = make_app(&self.ctx, storage);
        window.request_redraw();
        self.open = Some(OpenWindow {
            app,
            egui_winit,
            surface,
            window,
            raster: CpuRaster::default(),
            info,
            restored,
            show_after_first_frame,
            normal_geometry: None,
        });
        Ok(())
    }

    /// Save settings and let the app finish; then the loop ends.
    fn close(&mut self, event_loop: &ActiveEventLoop) {
        if let Some(open) = &mut self.open {
            if let Some(storage) = &mut self.storage {
                open.save(storage);
            }
            open.app.on_exit();
            open.window.set_visible(false);
        }
        event_loop.exit();
    }

    fn save_now_and_then(&mut self) {
        if self.last_save.elapsed() < AUTOSAVE_INTERVAL {
            return;
        }
        self.last_save = Instant::now();
        if let (Some(open), Some(storage)) = (&mut self.open, &mut self.storage) {
            open.save(storage);
        }
    }
}

/// Where eframe keeps the window's size and position, and egui's memory (which panels
/// were open, scroll positions): the same keys, so either window restores the other's.
const WINDOW_KEY: &str = "window";
const EGUI_MEMORY_KEY: &str = "egui";

/// Give `ctx` the memory saved last time, and return the window's saved geometry (its
/// position moved onto a monitor that is still there).
fn restore_egui_state(
    ctx: &egui::Context,
    storage: Option<&dyn eframe::Storage>,
    event_loop: &ActiveEventLoop,
) -> Option<egui_winit::WindowSettings> {
    let storage = storage?;
    if let Some(memory) = eframe::get_value::<egui::Memory>(storage, EGUI_MEMORY_KEY) {
        ctx.memory_mut(|m| *m = memory);
    }
    let mut settings: egui_winit::WindowSettings = eframe::get_value(storage, WINDOW_KEY)?;
    settings.clamp_size_to_sane_values(largest_monitor_points(ctx.zoom_factor(), event_loop));
    settings.clamp_position_to_monitors(ctx.zoom_factor(), event_loop);
    Some(settings)
}

/// The largest monitor's size in points, so a window saved on a bigger screen still fits.
fn largest_monitor_points(zoom: f32, event_loop: &ActiveEventLoop) -> egui::Vec2 {
    event_loop
        .available_monitors()
        .map(|monitor| {
            let size = monitor.size();
            let scale = (monitor.scale_factor() as f32 * zoom).max(f32::EPSILON);
            egui::vec2(size.width as f32, size.height as f32) / scale
        })
        .reduce(|largest, size| largest.max(size))
        // No monitor reported (some Wayland compositors): no limit.
        .unwrap_or(egui::Vec2::INFINITY)
}

impl<A, F> ApplicationHandler<Wake> for Runner<A, F>
where
    A: WindowApp,
    F: FnOnce(&egui::Context, Option<&dyn eframe::Storage>) -> A,
{
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.open.is_some() {
            return;
        }
        if let Err(error) = self.open_window(event_loop) {
            self.error = Some(error);
            event_loop.exit();
        }
    }

    fn user_event(&mut self, _event_loop: &ActiveEventLoop, event: Wake) {
        let Some(open) = &mut self.open else {
            return;
        };
        match event {
            Wake::Repaint { when, pass_nr } => {
                let current = self.ctx.cumulative_pass_nr_for(ViewportId::ROOT);
                // A request from before the last frame was painted is already served.
                if current == pass_nr || current == pass_nr + 1 {
                    self.repaint_at = Some(self.repaint_at.map_or(when, |at| at.min(when)));
                }
            }
            Wake::AccessKit(event) => {
                use egui_winit::accesskit_winit::WindowEvent as Access;
                match event.window_event {
                    Access::InitialTreeRequested => self.ctx.enable_accesskit(),
                    Access::ActionRequested(request) => {
                        open.egui_winit.on_accesskit_action_request(request);
                    }
                    Access::AccessibilityDeactivated => self.ctx.disable_accesskit(),
                }
                open.window.request_redraw();
            }
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(open) = &mut self.open else {
            return;
        };
        match &event {
            WindowEvent::RedrawRequested => {
                self.repaint_at = None;
                match open.paint() {
                    Ok(FrameEnd::Closing) => return self.close(event_loop),
                    Ok(FrameEnd::Repaint(delay)) => {
                        if delay < Duration::MAX / 2 {
                            let when = Instant::now() + delay;
                            self.repaint_at = Some(self.repaint_at.map_or(when, |at| at.min(when)));
                        }
                    }
                    Err(error) => {
                        self.error = Some(error);
                        return self.close(event_loop);
                    }
                }
                self.save_now_and_then();
                return;
            }
            WindowEvent::CloseRequested => {
                // The app sees the request in its next frame and may cancel it.
                open.info.events.push(egui::ViewportEvent::Close);
            }
            _ => {}
        }
        let response = open.egui_winit.on_window_event(&open.window, &event);
        if response.repaint || matches!(event, WindowEvent::CloseRequested) {
            open.window.request_redraw();
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let Some(open) = &self.open else {
            return;
        };
        match self.repaint_at {
            Some(at) if at <= Instant::now() => {
                self.repaint_at = None;
                open.window.request_redraw();
                event_loop.set_control_flow(ControlFlow::Wait);
            }
            Some(at) => event_loop.set_control_flow(ControlFlow::WaitUntil(at)),
            None => event_loop.set_control_flow(ControlFlow::Wait),
        }
    }
}

/// How a painted frame ended.
enum FrameEnd {
    /// The app let a close request through.
    Closing,
    /// egui wants the next frame after this long.
    Repaint(Duration),
}

impl<A: WindowApp> OpenWindow<A> {
    /// Write the window's geometry, egui's memory and the app's settings.
    fn save(&mut self, storage: &mut FileStorage) {
        let ctx = self.egui_winit.egui_ctx();
        let settings = egui_winit::WindowSettings::from_window(
            ctx.zoom_factor(),
            &self.window,
            self.normal_geometry,
        );
        self.normal_geometry = Some(settings.normal_geometry());
        eframe::set_value(storage, WINDOW_KEY, &settings);
        ctx.memory(|memory| eframe::set_value(storage, EGUI_MEMORY_KEY, memory));
        self.app.save(storage);
        eframe::Storage::flush(storage);
    }

    /// Run the app for one frame and put the picture on screen.
    fn paint(&mut self) -> Result<FrameEnd, SoftwareWindowError> {
        let ctx = self.egui_winit.egui_ctx().clone();
        egui_winit::update_viewport_info(&mut self.info, &ctx, &self.window, false);
        let mut raw_input = self.egui_winit.take_egui_input(&self.window);
        raw_input.viewports = std::iter::once((ViewportId::ROOT, self.info.clone())).collect();
        self.info.events.clear();
        self.app.raw_input_hook(&ctx, &mut raw_input);
        let close_requested = raw_input.viewport().close_requested();
        let app = &mut self.app;
        let mut output = ctx.run_ui(raw_input, |ui| app.ui(ui));
        let (commands, repaint_delay) = output
            .viewport_output
            .remove(&ViewportId::ROOT)
            .map_or((Vec::new(), Duration::MAX), |v| {
                (v.commands, v.repaint_delay)
            });
        if closes(close_requested, &commands) {
            return Ok(FrameEnd::Closing);
        }
        let mut actions = Vec::new();
        egui_winit::process_viewport_commands(
            &ctx,
            &mut self.info,
            commands,
            &self.window,
            &mut actions,
        );
        self.queue_clipboard_actions(actions);
        self.egui_winit
            .handle_platform_output(&self.window, output.platform_output);
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        // Shown just before its first picture is put in it (the display maps the window
        // first, then draws; a window manager that maps later sends an expose, which
        // repaints).
        if std::mem::take(&mut self.show_after_first_frame) {
            self.window.set_visible(true);
        }
        self.present(
            &primitives,
            &mut output.textures_delta,
            output.pixels_per_point,
        )?;
        if let Some(settings) = self.restored.take() {
            settings.after_first_show(&self.window);
        }
        // A command that closes (egui_winit turns it into a close event) ends the next frame.
        if self
            .info
            .events
            .iter()
            .any(|e| matches!(e, egui::ViewportEvent::Close))
        {
            self.window.request_redraw();
        }
        Ok(FrameEnd::Repaint(repaint_delay))
    }

    /// Cut, copy and paste asked for by the app arrive as input in the next frame, as in
    /// eframe; screenshots are not taken by this window.
    fn queue_clipboard_actions(&mut self, actions: Vec<egui_winit::ActionRequested>) {
        use egui_winit::ActionRequested;
        for action in actions {
            let event = match action {
                ActionRequested::Cut => egui::Event::Cut,
                ActionRequested::Copy => egui::Event::Copy,
                ActionRequested::Paste => match self.egui_winit.clipboard_text() {
                    Some(text) if !text.is_empty() => {
                        egui::Event::Paste(text.replace("\r\n", "\n"))
                    }
                    _ => continue,
                },
                ActionRequested::Screenshot(_) | ActionRequested::PaintWhileHidden => continue,
            };
            self.egui_winit.egui_input_mut().events.push(event);
            self.window.request_redraw();
        }
    }

    /// Rasterize the frame and show it. Texture changes made while the window is
    /// minimized are kept for the next frame that is shown.
    fn present(
        &mut self,
        primitives: &[egui::ClippedPrimitive],
        textures: &mut egui::TexturesDelta,
        pixels_per_point: f32,
    ) -> Result<(), SoftwareWindowError> {
        self.raster.take_textures(textures);
        let size = self.window.inner_size();
        let (Some(width), Some(height)) =
            (NonZeroU32::new(size.width), NonZeroU32::new(size.height))
        else {
            return Ok(()); // minimized: nothing to show
        };
        self.surface
            .resize(width, height)
            .map_err(|e| window_error("cannot resize the window's picture", e))?;
        let mut buffer = self
            .surface
            .buffer_mut()
            .map_err(|e| window_error("cannot draw into the window", e))?;
        // softbuffer's 0RGB words are B, G, R, 0 in memory: the rasterizer's order.
        self.raster.draw(
            bytemuck::cast_slice_mut(&mut buffer),
            [width.get() as usize, height.get() as usize],
            primitives,
            pixels_per_point,
        );
        buffer
            .present()
            .map_err(|e| window_error("cannot show the window's picture", e))
    }
}

/// Whether a frame ends the window: a close was asked for (by the window manager or a
/// `Close` command) and the app did not answer with `CancelClose`.
fn closes(close_requested: bool, commands: &[ViewportCommand]) -> bool {
    close_requested && !commands.contains(&ViewportCommand::CancelClose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_goes_through_unless_the_app_cancels_it() {
        assert!(closes(true, &[]));
        assert!(closes(true, &[ViewportCommand::Title("采编".into())]));
        assert!(!closes(true, &[ViewportCommand::CancelClose]));
        assert!(!closes(false, &[]));
    }
}
