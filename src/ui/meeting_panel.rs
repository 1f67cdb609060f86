//! 会议信息: the meeting metadata of the selected article, the drafted headline and lead,
//! and the live agreement findings.

use egui::{RichText, Ui};

use crate::meeting::{self, LeadDraft};
use crate::model::{
    Article, ArticleId, Edit, EventKind, MeetingInfo, MeetingSession, Person, TextField,
};
use crate::proof::{Finding, Severity};

use super::command::AppCommand;
use super::ime_text::committed_text_ui;
use super::panel::PanelContext;
use super::theme;

/// Bodies the paper's meetings often have, offered beside the typed name.
const COMMON_BODIES: [&str; 5] = [
    "主席会议",
    "常委会会议",
    "党组理论学习中心组\u{FF08}扩大\u{FF09}会议",
    "党组会议",
    "专题轮训会",
];

/// The meeting panel: its state between frames is only what it is showing.
#[derive(Default)]
pub struct MeetingPanel {
    /// Headlines offered by 生成标题, for this article.
    headlines: Option<(ArticleId, Vec<String>)>,
    /// A draft from 生成导语 waiting for the user's answer, for this article.
    draft: Option<(ArticleId, LeadDraft)>,
    /// Why the last 生成 could not draft anything.
    problem: Option<(ArticleId, String)>,
}

/// The meeting being edited this frame and where its changes go.
struct Editor<'p, 'c> {
    ctx: &'p mut PanelContext<'c>,
    article: ArticleId,
    info: MeetingInfo,
}

impl Editor<'_, '_> {
    /// Change the record and emit it; `typing` names a text field whose consecutive edits
    /// merge into one undo step.
    fn set(&mut self, typing: Option<&str>, change: impl FnOnce(&mut MeetingInfo)) {
        change(&mut self.info);
        // An empty panel writes no `meeting` into the file.
        let meeting = (!self.info.is_empty()).then(|| Box::new(self.info.clone()));
        self.ctx.emit(AppCommand::Edit(Edit::SetMeeting {
            article: self.article.clone(),
            meeting,
            typing: typing.map(str::to_owned),
        }));
    }

    /// A labelled single-line field of the grid.
    fn line(
        &mut self,
        ui: &mut Ui,
        label: &str,
        key: &str,
        get: fn(&MeetingInfo) -> String,
        put: fn(&mut MeetingInfo, String),
    ) {
        let text = get(&self.info);
        let label = ui.label(label);
        let id = ui.make_persistent_id(("meeting", key));
        let (response, changed) =
            committed_text_ui(ui, id, &text, false, |e| e.desired_width(f32::INFINITY));
        let response = response.labelled_by(label.id);
        if response.lost_focus() {
            self.ctx.emit(AppCommand::SealHistory);
        }
        if let Some(value) = changed {
            self.set(Some(key), |info| put(info, value));
        }
        ui.end_row();
    }

    /// A labelled list field, one item a line.
    fn list(
        &mut self,
        ui: &mut Ui,
        label: &str,
        key: &str,
        get: fn(&mut MeetingInfo) -> &mut Vec<String>,
    ) {
        let text = get(&mut self.info).join("\n");
        let label = ui.label(label);
        let id = ui.make_persistent_id(("meeting", key));
        let (response, changed) = committed_text_ui(ui, id, &text, true, |e| {
            e.desired_width(f32::INFINITY).desired_rows(2)
        });
        let response = response.labelled_by(label.id);
        if response.lost_focus() {
            self.ctx.emit(AppCommand::SealHistory);
        }
        if let Some(value) = changed {
            self.set(Some(key), |info| *get(info) = lines(&value));
        }
        ui.end_row();
    }

    /// Name and title of the chair or the group leader.
    fn person(
        &mut self,
        ui: &mut Ui,
        label: &str,
        key: &str,
        get: fn(&mut MeetingInfo) -> &mut Option<Person>,
    ) {
        let current = get(&mut self.info).clone().unwrap_or_default();
        for (part, name) in [
            ("name", label.to_owned()),
            ("title", format!("{label}职务")),
        ] {
            let text = if part == "name" {
                &current.name
            } else {
                &current.title
            };
            let label = ui.label(name);
            let id = ui.make_persistent_id(("meeting", key, part));
            let (response, changed) =
                committed_text_ui(ui, id, text, false, |e| e.desired_width(f32::INFINITY));
            let response = response.labelled_by(label.id);
            if response.lost_focus() {
                self.ctx.emit(AppCommand::SealHistory);
            }
            if let Some(value) = changed {
                let typing = format!("{key}.{part}");
                self.set(Some(&typing), |info| {
                    let mut person = get(info).clone().unwrap_or_default();
                    if part == "name" {
                        person.name = value;
                    } else {
                        person.title = value;
                    }
                    let empty = person.name.is_empty() && person.title.is_empty();
                    *get(info) = (!empty).then_some(person);
                });
            }
            ui.end_row();
        }
    }
}

/// An inspection or survey shows a group leader, the other kinds a chair. Files from before
/// group leaders kept the leader as chair, and the kind may have just been switched: the
/// person moves to the field the kind shows (written once anything is edited).
fn carry_person_over(info: &mut MeetingInfo) {
    if info.has_group() {
        if info.group_leader.is_none() {
            info.group_leader = info.chair.take();
        }
    } else if info.chair.is_none() {
        info.chair = info.group_leader.take();
    }
}

/// Items one a line; an empty text is no items. Empty lines are kept while typing (the
/// drafts skip them), so that Enter can start the next item.
fn lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n').map(str::to_owned).collect()
}

/// The label of the topic field for each kind.
fn topic_label(kind: EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Activity => Some("活动名称"),
        EventKind::Inspection => Some("视察内容"),
        EventKind::Survey => Some("调研内容"),
        EventKind::Symposium | EventKind::Deliberation => Some("议题"),
        EventKind::Meeting | EventKind::Feature => None,
    }
}

impl MeetingPanel {
    /// Draw the panel for `article`.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        ui.add_space(theme::FORM_ROW_SPACING);
        egui::CollapsingHeader::new(RichText::new("会议信息").strong())
            .id_salt("meeting-panel")
            .default_open(true)
            .show(ui, |ui| {
                let mut info = article.meeting.clone().unwrap_or_default();
                carry_person_over(&mut info);
                let mut editor = Editor {
                    ctx,
                    article: article.id.clone(),
                    info,
                };
                fields_ui(ui, &mut editor);
                let issue_date = editor.ctx.issue.date;
                let ctx = editor.ctx;
                self.actions_ui(ui, ctx, article);
                findings_ui(ui, &meeting::check_article(article, issue_date));
            });
    }

    fn actions_ui(&mut self, ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        let info = article.meeting.clone().unwrap_or_default();
        ui.horizontal(|ui| {
            if ui.button("生成标题").clicked() {
                let headlines = meeting::suggest_headlines(&info);
                if headlines.is_empty() {
                    self.problem = Some((
                        article.id.clone(),
                        "请先填写机构和会议名称或主题".to_owned(),
                    ));
                } else {
                    self.problem = None;
                }
                self.headlines = Some((article.id.clone(), headlines));
            }
            if ui.button("生成导语").clicked() {
                match meeting::draft_lead(&info) {
                    Ok(draft) => {
                        self.problem = None;
                        self.draft = Some((article.id.clone(), draft));
                    }
                    Err(error) => self.problem = Some((article.id.clone(), error.to_string())),
                }
            }
        });
        if let Some((id, problem)) = &self.problem
            && id == &article.id
        {
            ui.label(RichText::new(problem).color(theme::ERROR_COLOUR));
        }
        self.headlines_ui(ui, ctx, article);
        self.draft_ui(ui, ctx, article);
    }

    fn headlines_ui(&mut self, ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        let Some((id, headlines)) = &self.headlines else {
            return;
        };
        if id != &article.id || headlines.is_empty() {
            return;
        }
        ui.label(RichText::new("选用标题").color(theme::WEAK_COLOUR));
        let mut picked = None;
        for headline in headlines {
            if ui.button(headline).clicked() {
                picked = Some(headline.clone());
            }
        }
        if ui.button("关闭标题建议").clicked() {
            self.headlines = None;
        }
        if let Some(headline) = picked {
            ctx.emit(AppCommand::SealHistory);
            ctx.emit(AppCommand::Edit(Edit::SetText {
                article: article.id.clone(),
                field: TextField::Headline,
                value: headline,
            }));
            ctx.emit(AppCommand::SealHistory);
            self.headlines = None;
        }
    }

    /// The drafted dateline and body, and the question: insert, replace or cancel.
    fn draft_ui(&mut self, ui: &mut Ui, ctx: &mut PanelContext<'_>, article: &Article) {
        let Some((id, draft)) = &self.draft else {
            return;
        };
        if id != &article.id {
            return;
        }
        let mut answer = None;
        let mut cancel = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("导语草稿").strong());
            ui.label(format!("电头\u{FF1A}{}", draft.dateline));
            for paragraph in draft.paragraphs() {
                ui.label(paragraph);
            }
            ui.horizontal(|ui| {
                if article.body.trim().is_empty() {
                    if ui.button("插入导语").clicked() {
                        answer = Some(false);
                    }
                } else {
                    if ui.button("插入到正文前").clicked() {
                        answer = Some(false);
                    }
                    if ui.button("替换正文").clicked() {
                        answer = Some(true);
                    }
                }
                if ui.button("放弃草稿").clicked() {
                    cancel = true;
                }
            });
        });
        if let Some(replace) = answer {
            ctx.emit(AppCommand::SealHistory);
            ctx.emit(AppCommand::Edit(draft_edit(article, draft, replace)));
            ctx.emit(AppCommand::SealHistory);
        }
        if answer.is_some() || cancel {
            self.draft = None;
        }
    }
}

/// The one edit that puts a draft into the article: the dateline where there is none (or
/// on replace), the drafted paragraphs before the body or instead of it.
pub fn draft_edit(article: &Article, draft: &LeadDraft, replace: bool) -> Edit {
    let mut values = Vec::new();
    if replace || article.dateline.trim().is_empty() {
        values.push((TextField::Dateline, draft.dateline.clone()));
    }
    let body = if replace || article.body.trim().is_empty() {
        draft.body()
    } else {
        format!("{}\n{}", draft.body(), article.body)
    };
    values.push((TextField::Body, body));
    Edit::SetArticleTexts {
        article: article.id.clone(),
        values,
    }
}

fn fields_ui(ui: &mut Ui, editor: &mut Editor<'_, '_>) {
    egui::Grid::new("meeting-fields")
        .num_columns(2)
        .spacing([12.0, theme::FORM_ROW_SPACING])
        .show(ui, |ui| {
            kind_ui(ui, editor);
            editor.line(
                ui,
                "机构",
                "organisation",
                |i| i.organisation.clone(),
                |i, v| i.organisation = v,
            );
            editor.line(ui, "地名", "place", |i| i.place.clone(), |i, v| i.place = v);
            if editor.info.kind != EventKind::Feature {
                sessions_ui(ui, editor);
            }
            if let Some(label) = topic_label(editor.info.kind) {
                editor.line(ui, label, "topic", |i| i.topic.clone(), |i, v| i.topic = v);
            }
            date_ui(ui, editor);
            editor.line(ui, "会场", "venue", |i| i.venue.clone(), |i, v| i.venue = v);
            if editor.info.has_group() {
                editor.person(ui, "带队", "group_leader", |i| &mut i.group_leader);
                editor.list(ui, "视察调研地点", "places", |i| &mut i.places);
            } else {
                editor.person(ui, "主持人", "chair", |i| &mut i.chair);
                if editor.info.kind == EventKind::Activity {
                    editor.list(ui, "活动地点", "places", |i| &mut i.places);
                }
            }
            editor.list(ui, "出席人员", "attendees", |i| &mut i.attendees);
            editor.list(ui, "传达学习", "studied", |i| &mut i.studied);
            editor.list(ui, "审议通过", "approved", |i| &mut i.approved);
            editor.list(ui, "会议要求", "requirements", |i| &mut i.requirements);
            editor.line(
                ui,
                "记者",
                "reporters",
                |i| i.reporters.join(" "),
                |i, v| i.reporters = if v.is_empty() { Vec::new() } else { vec![v] },
            );
            editor.line(
                ui,
                "通讯员",
                "correspondents",
                |i| i.correspondents.join(" "),
                |i, v| i.correspondents = if v.is_empty() { Vec::new() } else { vec![v] },
            );
        });
}

fn kind_ui(ui: &mut Ui, editor: &mut Editor<'_, '_>) {
    let label = ui.label("类型");
    let mut kind = editor.info.kind;
    egui::ComboBox::from_id_salt("meeting-kind")
        .selected_text(kind.label())
        .show_ui(ui, |ui| {
            for option in EventKind::ALL {
                ui.selectable_value(&mut kind, option, option.label());
            }
        })
        .response
        .labelled_by(label.id);
    if kind != editor.info.kind {
        editor.set(None, |info| info.kind = kind);
    }
    ui.end_row();
}

/// The bodies that met, each with 届 and 次 (0 = not numbered); several for 暨.
fn sessions_ui(ui: &mut Ui, editor: &mut Editor<'_, '_>) {
    ui.label("会议名称");
    ui.vertical(|ui| {
        let count = editor.info.sessions.len();
        for index in 0..count {
            session_row_ui(ui, editor, index);
        }
        let add = if count == 0 {
            "添加会议"
        } else {
            "添加会议\u{FF08}暨\u{FF09}"
        };
        if ui.button(add).clicked() {
            editor.set(None, |info| info.sessions.push(MeetingSession::default()));
        }
    });
    ui.end_row();
}

fn session_row_ui(ui: &mut Ui, editor: &mut Editor<'_, '_>, index: usize) {
    let Some(session) = editor.info.sessions.get(index).cloned() else {
        return;
    };
    ui.horizontal(|ui| {
        let label = ui.label(format!("会议{}", index + 1));
        let id = ui.make_persistent_id(("meeting", "session", index));
        let (response, changed) =
            committed_text_ui(ui, id, &session.body, false, |e| e.desired_width(220.0));
        response.labelled_by(label.id);
        let typing = format!("sessions.{index}.body");
        if let Some(value) = changed {
            editor.set(Some(&typing), |info| info.sessions[index].body = value);
        }
        let mut preset = None;
        let preset_label = ui.label("常用");
        egui::ComboBox::from_id_salt(("meeting-body-preset", index))
            .selected_text("选择")
            .show_ui(ui, |ui| {
                for body in COMMON_BODIES {
                    if ui.selectable_label(false, body).clicked() {
                        preset = Some(body.to_owned());
                    }
                }
            })
            .response
            .labelled_by(preset_label.id);
        if let Some(body) = preset {
            editor.set(None, |info| info.sessions[index].body = body);
        }
        number_ui(ui, editor, index, "届", |s| &mut s.term);
        number_ui(ui, editor, index, "次", |s| &mut s.sitting);
        if ui.button("删除").on_hover_text("删除这项会议").clicked() {
            editor.set(None, |info| {
                info.sessions.remove(index);
            });
        }
    });
}

/// 届 or 次 as a number from 1 to 999; 0 means not numbered.
fn number_ui(
    ui: &mut Ui,
    editor: &mut Editor<'_, '_>,
    index: usize,
    unit: &str,
    get: fn(&mut MeetingSession) -> &mut Option<u32>,
) {
    let current = get(&mut editor.info.sessions[index]).unwrap_or(0);
    let mut value = current;
    let response = ui.add(
        egui::DragValue::new(&mut value)
            .range(0..=999)
            .custom_formatter(|n, _| {
                if n < 1.0 {
                    "\u{2014}".to_owned()
                } else {
                    format!("{n}")
                }
            }),
    );
    let label = ui.label(unit);
    response.labelled_by(label.id);
    if value != current {
        let typing = format!("sessions.{index}.{unit}");
        editor.set(Some(&typing), |info| {
            *get(&mut info.sessions[index]) = (value > 0).then_some(value);
        });
    }
}

fn date_ui(ui: &mut Ui, editor: &mut Editor<'_, '_>) {
    let label = ui.label("日期");
    ui.horizontal(|ui| match editor.info.date {
        Some(current) => {
            // egui_extras picks dates as jiff dates; the model keeps chrono's.
            if let Some(mut date) = to_jiff(current) {
                ui.add(
                    egui_extras::DatePickerButton::new(&mut date)
                        .id_salt("meeting-date")
                        .format("%Y-%m-%d")
                        // The calendar emoji is in none of the bundled fonts.
                        .show_icon(false),
                )
                .labelled_by(label.id);
                if let Some(picked) = from_jiff(date).filter(|d| *d != current) {
                    editor.set(None, |info| info.date = Some(picked));
                }
            }
            if ui.button("清除日期").clicked() {
                editor.set(None, |info| info.date = None);
            }
        }
        None => {
            if ui.button("选择日期").clicked() {
                let today = editor.ctx.issue.date;
                editor.set(None, |info| info.date = Some(today));
            }
        }
    });
    ui.end_row();
}

fn findings_ui(ui: &mut Ui, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    ui.label(RichText::new("核对").strong());
    for finding in findings {
        let colour = match finding.severity {
            Severity::Error => theme::ERROR_COLOUR,
            Severity::Warning => theme::WARNING_COLOUR,
            Severity::Note => theme::WEAK_COLOUR,
        };
        ui.label(
            RichText::new(format!(
                "{}\u{FF1A}{}",
                finding.severity.label(),
                finding.message
            ))
            .color(colour),
        )
        .on_hover_text(finding.rule);
    }
}

pub(super) fn to_jiff(date: chrono::NaiveDate) -> Option<jiff::civil::Date> {
    use chrono::Datelike;
    jiff::civil::Date::new(
        i16::try_from(date.year()).ok()?,
        i8::try_from(date.month()).ok()?,
        i8::try_from(date.day()).ok()?,
    )
    .ok()
}

pub(super) fn from_jiff(date: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )
}
