//! egui's frames filled on the CPU, as the window without a GPU shows them.

use egui_software_backend::{BufferMutRef, ColorFieldOrder, EguiSoftwareRender};

/// The vendored rasterizer with the texture changes it has not drawn yet.
pub struct CpuRaster {
    renderer: EguiSoftwareRender,
    /// Texture changes kept until the next drawn frame (none is drawn while the window
    /// is minimized, but the font atlas still changes).
    pending_textures: egui::TexturesDelta,
}

impl Default for CpuRaster {
    fn default() -> CpuRaster {
        CpuRaster {
            // B, G, R, A in memory: the order of softbuffer's 0RGB words.
            renderer: EguiSoftwareRender::new(ColorFieldOrder::Bgra),
            pending_textures: egui::TexturesDelta::default(),
        }
    }
}

impl CpuRaster {
    /// Take a frame's texture changes (the font atlas, photos), to apply before drawing.
    pub fn take_textures(&mut self, textures: &mut egui::TexturesDelta) {
        self.pending_textures.append(std::mem::take(textures));
    }

    /// Draw tessellated shapes into `pixels` (`[width, height]`, B, G, R, A order),
    /// cleared first.
    pub fn draw(
        &mut self,
        pixels: &mut [[u8; 4]],
        [width, height]: [usize; 2],
        primitives: &[egui::ClippedPrimitive],
        pixels_per_point: f32,
    ) {
        if width == 0 || height == 0 || pixels.len() != width * height {
            return; // the rasterizer asserts a real target; there is nothing to show
        }
        pixels.fill([0; 4]);
        let mut target = BufferMutRef::new(pixels, width, height);
        self.renderer.render(
            &mut target,
            primitives,
            &self.pending_textures,
            pixels_per_point,
        );
        self.pending_textures.clear();
    }
}

impl Drop for CpuRaster {
    fn drop(&mut self) {
        // Changes never drawn are dropped on purpose (egui checks that none are lost).
        self.pending_textures.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading_frame(ctx: &egui::Context) -> egui::FullOutput {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(200.0, 80.0),
            )),
            ..Default::default()
        };
        ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| ui.heading("Hello"));
        })
    }

    /// Pixels of the heading's area that differ from the panel's colour.
    fn inked(pixels: &[[u8; 4]], background: [u8; 3]) -> usize {
        (8..60)
            .flat_map(|x| (8..30).map(move |y| (x, y)))
            .filter(|&(x, y)| pixels[y * 200 + x][..3] != background)
            .count()
    }

    /// One frame of a real egui pass, rasterized: the heading is drawn in the panel.
    #[test]
    fn an_egui_frame_is_drawn_into_the_pixels() {
        let ctx = egui::Context::default();
        let mut output = heading_frame(&ctx);
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let mut raster = CpuRaster::default();
        raster.take_textures(&mut output.textures_delta);
        assert!(output.textures_delta.is_empty());
        let mut pixels = vec![[0xAB; 4]; 200 * 80];
        raster.draw(&mut pixels, [200, 80], &primitives, output.pixels_per_point);
        let panel = ctx.global_style().visuals.panel_fill;
        let background = [panel.b(), panel.g(), panel.r()];
        // A corner of the panel shows the panel's colour.
        assert_eq!(pixels[70 * 200 + 190][..3], background);
        let inked = inked(&pixels, background);
        assert!(inked > 50, "only {inked} pixels of the heading were drawn");
    }

    /// The font atlas arrives in a frame that is not drawn (a minimized window): the next
    /// drawn frame still has its glyphs.
    #[test]
    fn texture_changes_wait_for_the_next_drawn_frame() {
        let ctx = egui::Context::default();
        let mut raster = CpuRaster::default();
        let mut first = heading_frame(&ctx);
        raster.take_textures(&mut first.textures_delta);
        raster.draw(&mut [], [0, 0], &[], first.pixels_per_point);
        let mut second = heading_frame(&ctx);
        assert!(second.textures_delta.set.is_empty(), "the atlas came once");
        let primitives = ctx.tessellate(second.shapes, second.pixels_per_point);
        raster.take_textures(&mut second.textures_delta);
        let mut pixels = vec![[0; 4]; 200 * 80];
        raster.draw(&mut pixels, [200, 80], &primitives, second.pixels_per_point);
        let panel = ctx.global_style().visuals.panel_fill;
        let background = [panel.b(), panel.g(), panel.r()];
        assert!(inked(&pixels, background) > 50);
    }
}
