//! 自动组版, 适应文字 and 续排 on real typesetting: no overlap, no overflow, pages filled.

mod makeup_support;

use caibian::makeup::{auto_layout, continue_on_page, fit_depth, fit_edit};
use caibian::model::makeup::check_issue;
use caibian::model::{BlockRef, Document, Edit, Issue, PageGrids};
use caibian::typeset::{Typesetter, UnknownPhotoSizes};
use makeup_support::{Spec, pool_issue, typesetter};

/// Overflowing characters of every block on `page`, by article.
fn overflow(typesetter: &mut Typesetter, issue: &Issue, page: u32) -> Vec<(String, usize)> {
    let pages = typesetter.typeset(issue);
    pages[page as usize - 1]
        .blocks
        .iter()
        .filter(|b| b.overflow_chars > 0)
        .map(|b| (b.article.0.clone(), b.overflow_chars))
        .collect()
}

fn apply(issue: &Issue, grids: &PageGrids, edit: Edit) -> Issue {
    let mut doc = Document::new(issue.clone());
    doc.set_grids(grids.clone());
    doc.apply(edit).expect("the edit applies");
    doc.issue().clone()
}

#[test]
fn auto_layout_fills_a_broadsheet_page_without_overflow() {
    let (mut typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..20)
        .map(|n| Spec {
            chars: 300 + (n * 577) % 2400,
            approved: n % 7 == 0,
            priority: (n % 4) as i32,
        })
        .collect();
    let issue = pool_issue(2, &specs);
    let layout = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
    let result = apply(&issue, &grids, layout.edit.clone());
    check_issue(&result, &grids).unwrap();
    assert_eq!(overflow(&mut typesetter, &result, 2), vec![]);
    assert!(layout.left_out_approved.is_empty());
    assert!(layout.fill() >= 0.9, "fill {}", layout.fill());
}

#[test]
fn auto_layout_puts_approved_and_wished_articles_first_and_is_deterministic() {
    let (typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..12)
        .map(|n| Spec {
            chars: 400 + (n * 911) % 1600,
            approved: n >= 9,
            priority: 0,
        })
        .collect();
    let mut issue = pool_issue(2, &specs);
    // One article wishes for page 1: it stays in the pool when page 2 is made up.
    let wished = issue.articles[0].id.clone();
    issue.articles[0].page_wish = Some(1);
    let layout = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
    let again = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
    assert_eq!(layout, again, "the same issue gives the same layout");
    assert!(!layout.placed.contains(&wished));
    for approved in &issue.articles[9..] {
        assert!(
            layout.placed.contains(&approved.id),
            "{} placed",
            approved.id
        );
    }
    // One undo step takes it all back.
    let mut doc = Document::new(issue.clone());
    doc.set_grids(grids);
    doc.apply(layout.edit).unwrap();
    assert!(doc.undo());
    assert_eq!(doc.issue(), &issue);
    assert!(!doc.history().can_undo());
}

#[test]
fn auto_layout_on_a_full_page_places_nothing() {
    let (typesetter, grids) = typesetter();
    let mut issue = pool_issue(
        1,
        &[Spec {
            chars: 500,
            approved: true,
            priority: 0,
        }],
    );
    let sample = makeup_support::sample();
    // The sample's page one is tiled completely on 四开 (U+56DB U+5F00).
    issue.pages[0] = sample.pages[0].clone();
    issue.articles = sample.articles.clone();
    issue.articles.push(
        pool_issue(
            1,
            &[Spec {
                chars: 500,
                approved: true,
                priority: 0,
            }],
        )
        .articles[0]
            .clone(),
    );
    issue.articles.last_mut().unwrap().id = caibian::model::ArticleId("art-new".into());
    let layout = auto_layout(&typesetter, &issue, &grids, 1, &UnknownPhotoSizes).unwrap();
    assert!(layout.placed.is_empty());
    assert_eq!(layout.free_cells, 0);
    assert_eq!(
        layout.left_out_approved,
        vec![caibian::model::ArticleId("art-new".into())]
    );
}

#[test]
fn fit_depth_leaves_no_overflow_and_at_most_one_empty_line_per_column() {
    let (mut typesetter, grids) = typesetter();
    let issue = pool_issue(
        2,
        &[Spec {
            chars: 900,
            approved: true,
            priority: 0,
        }],
    );
    let article = issue.articles[0].id.clone();
    let block = BlockRef {
        article: article.clone(),
        part: 0,
    };
    for span in [1, 2, 3] {
        let placed = apply(
            &issue,
            &grids,
            Edit::PlaceBlock {
                page: 2,
                placement: caibian::model::Placement::at(
                    &block,
                    caibian::model::GridRect {
                        column: 0,
                        span,
                        line: 0,
                        depth: 10,
                    },
                ),
            },
        );
        assert!(
            !overflow(&mut typesetter, &placed, 2).is_empty(),
            "10 lines are too few"
        );
        let depth = fit_depth(&typesetter, &placed, &grids, &block, &UnknownPhotoSizes).unwrap();
        let edit = fit_edit(&typesetter, &placed, &grids, &block, &UnknownPhotoSizes).unwrap();
        let fitted = apply(&placed, &grids, edit);
        assert_eq!(fitted.pages[1].placements[0].depth, depth);
        let pages = typesetter.typeset(&fitted);
        let report = &pages[1].blocks[0];
        assert_eq!(report.overflow_chars, 0, "span {span}");
        assert!(
            report.empty_lines < span,
            "span {span}: {} empty",
            report.empty_lines
        );
    }
}

#[test]
fn continue_on_page_finds_a_slot_and_writes_jump_lines() {
    let (mut typesetter, grids) = typesetter();
    let issue = pool_issue(
        3,
        &[
            Spec {
                chars: 1500,
                approved: true,
                priority: 0,
            },
            Spec {
                chars: 300,
                approved: true,
                priority: 0,
            },
        ],
    );
    let long = issue.articles[0].id.clone();
    let other = issue.articles[1].id.clone();
    let at = |article: &caibian::model::ArticleId, column, line, depth| Edit::PlaceBlock {
        page: 2,
        placement: caibian::model::Placement::at(
            &BlockRef {
                article: article.clone(),
                part: 0,
            },
            caibian::model::GridRect {
                column,
                span: 2,
                line,
                depth,
            },
        ),
    };
    let placed = apply(&issue, &grids, Edit::Batch(vec![at(&long, 0, 0, 20)]));
    // Page 3 has a block at its top left: the continuation goes beside it.
    let mut placed = placed;
    placed.pages[2].placements.push(caibian::model::Placement {
        article: other.clone(),
        part: 0,
        column: 0,
        span: 2,
        line: 0,
        depth: 30,
    });
    let edit =
        continue_on_page(&typesetter, &placed, &grids, &long, 3, &UnknownPhotoSizes).unwrap();
    let Edit::ContinueArticle { rect, .. } = &edit else {
        panic!("{edit:?}")
    };
    assert_eq!((rect.column, rect.line, rect.span), (2, 0, 2));
    let continued = apply(&placed, &grids, edit);
    let pages = typesetter.typeset(&continued);
    assert!(
        pages
            .iter()
            .all(|p| p.blocks.iter().all(|b| b.overflow_chars == 0))
    );
    // 下转第3版 closes part 0 and 上接第2版 opens part 1 (U+4E0B U+8F6C, U+4E0A U+63A5).
    let lines = |page: usize, part: u32| -> Vec<String> {
        pages[page]
            .blocks
            .iter()
            .filter(|b| b.article == long && b.part == part)
            .flat_map(|b| b.columns.iter().flat_map(|c| c.lines.clone()))
            .collect()
    };
    assert!(
        lines(1, 0)
            .last()
            .unwrap()
            .contains("\u{4E0B}\u{8F6C}\u{7B2C}3\u{7248}")
    );
    assert!(lines(2, 1)[0].contains("\u{4E0A}\u{63A5}\u{7B2C}2\u{7248}"));
    // Moving page 3 before page 2 renumbers them: the jump lines follow.
    let moved = apply(&continued, &grids, Edit::MovePage { from: 3, to: 2 });
    let pages = typesetter.typeset(&moved);
    let first: Vec<String> = pages[2]
        .blocks
        .iter()
        .filter(|b| b.article == long && b.part == 0)
        .flat_map(|b| b.columns.iter().flat_map(|c| c.lines.clone()))
        .collect();
    assert!(
        first
            .last()
            .unwrap()
            .contains("\u{4E0B}\u{8F6C}\u{7B2C}2\u{7248}")
    );
    // Nothing is left over to continue now.
    assert!(
        continue_on_page(
            &typesetter,
            &continued,
            &grids,
            &long,
            3,
            &UnknownPhotoSizes
        )
        .is_err()
    );
}

#[test]
fn a_dropped_article_gets_a_size_that_holds_it_and_fill_counts_it() {
    let (mut typesetter, grids) = typesetter();
    let issue = pool_issue(
        2,
        &[
            Spec {
                chars: 120,
                approved: true,
                priority: 0,
            },
            Spec {
                chars: 3000,
                approved: true,
                priority: 0,
            },
        ],
    );
    let template = typesetter.template_for(&issue.pages[1]).clone();
    let (short_span, _) = caibian::makeup::default_size(
        &typesetter,
        &issue.articles[0],
        &template,
        &UnknownPhotoSizes,
    );
    let (long_span, long_depth) = caibian::makeup::default_size(
        &typesetter,
        &issue.articles[1],
        &template,
        &UnknownPhotoSizes,
    );
    assert_eq!(short_span, 1, "a short item stays narrow");
    assert!(long_span > 1, "a long story goes wider");
    let block = BlockRef {
        article: issue.articles[1].id.clone(),
        part: 0,
    };
    let placed = apply(
        &issue,
        &grids,
        Edit::PlaceBlock {
            page: 2,
            placement: caibian::model::Placement::at(
                &block,
                caibian::model::GridRect {
                    column: 0,
                    span: long_span,
                    line: 0,
                    depth: long_depth,
                },
            ),
        },
    );
    assert_eq!(overflow(&mut typesetter, &placed, 2), vec![]);
    let pages = typesetter.typeset(&placed);
    let (used, total) = caibian::makeup::page_fill(&placed, &grids, 2, &pages[1]).unwrap();
    assert_eq!(total, 8 * 104);
    let report = &pages[1].blocks[0];
    assert_eq!(used, u64::from(long_span * long_depth - report.empty_lines));
}

#[test]
#[ignore = "diagnostic print"]
fn print_layout() {
    let (mut typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..14)
        .map(|n| Spec {
            chars: if n % 2 == 0 {
                50 + (n * 331) % 750
            } else {
                50 + (n * 1777) % 4950
            },
            approved: n % 3 == 0,
            priority: (n % 4) as i32,
        })
        .collect();
    let issue = pool_issue(2, &specs);
    let layout = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
    let result = apply(&issue, &grids, layout.edit.clone());
    let pages = typesetter.typeset(&result);
    for (p, b) in result.pages[1].placements.iter().zip(&pages[1].blocks) {
        eprintln!(
            "{} col {} span {} line {} depth {} empty {}",
            p.article, p.column, p.span, p.line, p.depth, b.empty_lines
        );
    }
    for a in result.pool() {
        let m = typesetter.measure(a, typesetter.template_for(&result.pages[1]), 6, &[]);
        eprintln!(
            "unplaced {} needs {:?}",
            a.id,
            (1..=6).map(|s| m.fit_depth(s)).collect::<Vec<_>>()
        );
    }
    let occupancy = caibian::makeup::Occupancy::of_page(&result, &grids, 2).unwrap();
    eprintln!("holes {:?}", caibian::makeup::free_rects(&occupancy));
    eprintln!("fill {:.3}", layout.fill());
}

/// Pools to look at as pages: `REVIEW_DIR=/tmp/x cargo test --test makeup write_review_pools
/// -- --ignored`, then `caibian layout /tmp/x/NAME.ron --page 2 --out OUT.ron` and
/// `caibian export OUT.ron --png DIR`.
#[test]
#[ignore = "writes files for review"]
fn write_review_pools() {
    let dir = std::path::PathBuf::from(std::env::var("REVIEW_DIR").expect("REVIEW_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let bench: Vec<Spec> = (0..20)
        .map(|n| Spec {
            chars: 200 + (n * 577) % 2400,
            approved: n % 4 == 0,
            priority: (n % 3) as i32,
        })
        .collect();
    let mixed: Vec<Spec> = (0..16)
        .map(|n| Spec {
            chars: if n % 2 == 0 {
                60 + (n * 331) % 700
            } else {
                400 + (n * 1777) % 4000
            },
            approved: n % 3 == 0,
            priority: (n % 4) as i32,
        })
        .collect();
    let few: Vec<Spec> = [350, 1200, 2600]
        .into_iter()
        .map(|chars| Spec {
            chars,
            approved: true,
            priority: 0,
        })
        .collect();
    for (name, specs) in [("bench", bench), ("mixed", mixed), ("few", few)] {
        caibian::store::save_issue(&dir.join(format!("{name}.ron")), &pool_issue(2, &specs))
            .unwrap();
    }
}

/// The placement of `article` on page `page` of `issue`.
fn placement_of(issue: &Issue, page: u32, article: &str) -> caibian::model::Placement {
    issue.pages[page as usize - 1]
        .placements
        .iter()
        .find(|p| p.article.0 == article)
        .cloned()
        .unwrap_or_else(|| panic!("{article} placed"))
}

#[test]
fn a_lone_article_gets_a_block_its_text_fills_and_the_rest_stays_free() {
    let (mut typesetter, grids) = typesetter();
    for (chars, spans) in [(300, 1..=3), (3000, 4..=6)] {
        let issue = pool_issue(
            2,
            &[Spec {
                chars,
                approved: true,
                priority: 0,
            }],
        );
        let layout = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
        let result = apply(&issue, &grids, layout.edit.clone());
        let block = placement_of(&result, 2, "art-0001");
        // The lead's place, top left; a short item stays narrow (three columns at most, so
        // its headline reads in a line or two), a long story goes wide.
        assert_eq!((block.column, block.line), (0, 0));
        assert!(
            spans.contains(&block.span),
            "{chars} chars: span {}",
            block.span
        );
        let pages = typesetter.typeset(&result);
        let report = &pages[1].blocks[0];
        assert_eq!(report.overflow_chars, 0);
        // Not stretched over the page: at most one empty line per column.
        assert!(
            report.empty_lines <= block.span,
            "{chars} chars: {} empty lines in {} columns",
            report.empty_lines,
            block.span
        );
        assert!(
            block.depth < 104 / 2,
            "{chars} chars: depth {}",
            block.depth
        );
        let occupancy = caibian::makeup::Occupancy::of_page(&result, &grids, 2).unwrap();
        assert_eq!(
            occupancy.free_cells(),
            8 * 104 - u64::from(block.span * block.depth)
        );
    }
}

#[test]
fn weight_order_decides_what_goes_on_the_page_and_what_leads() {
    let (typesetter, grids) = typesetter();
    // Seventeen stories of 2,000 characters, about five pages of copy for one page.
    let specs: Vec<Spec> = (0..17)
        .map(|_| Spec {
            chars: 2000,
            approved: false,
            priority: 0,
        })
        .collect();
    let mut issue = pool_issue(2, &specs);
    // The last in the file carry the weight: approved, wished for page 2, priority 2.
    issue.articles[16].status = caibian::model::Status::Approved;
    issue.articles[15].page_wish = Some(2);
    issue.articles[14].priority = 2;
    let layout = auto_layout(&typesetter, &issue, &grids, 2, &UnknownPhotoSizes).unwrap();
    let result = apply(&issue, &grids, layout.edit.clone());
    for heavy in ["art-0017", "art-0016", "art-0015"] {
        assert!(
            layout.placed.iter().any(|id| id.0 == heavy),
            "{heavy} placed before lighter stories: {:?}",
            layout.placed
        );
    }
    // The approved story leads: top left, and no other block is wider.
    let lead = placement_of(&result, 2, "art-0017");
    assert_eq!((lead.column, lead.line), (0, 0));
    assert!(
        result.pages[1]
            .placements
            .iter()
            .all(|p| p.span <= lead.span)
    );
    // The wished-for and the priority story stand high on the page.
    for heavy in ["art-0016", "art-0015"] {
        let block = placement_of(&result, 2, heavy);
        assert!(block.line < 104 / 3, "{block:?}");
    }
}

#[test]
fn auto_layout_fills_around_blocks_the_editor_placed() {
    let (mut typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..16)
        .map(|n| Spec {
            chars: 150 + (n * 613) % 1800,
            approved: n % 5 == 0,
            priority: 0,
        })
        .collect();
    let issue = pool_issue(2, &specs);
    // The editor put the first story in the middle of the page by hand.
    let hand = caibian::model::Placement {
        article: issue.articles[0].id.clone(),
        part: 0,
        column: 2,
        span: 3,
        line: 30,
        depth: 40,
    };
    let mut placed = issue.clone();
    placed.pages[1].placements.push(hand.clone());
    let layout = auto_layout(&typesetter, &placed, &grids, 2, &UnknownPhotoSizes).unwrap();
    assert!(!layout.placed.contains(&hand.article));
    let result = apply(&placed, &grids, layout.edit.clone());
    check_issue(&result, &grids).unwrap();
    assert_eq!(
        result.pages[1].placements[0], hand,
        "the editor's block stays"
    );
    let pages = typesetter.typeset(&result);
    assert!(
        pages[1]
            .blocks
            .iter()
            .filter(|b| b.article != hand.article)
            .all(|b| b.overflow_chars == 0)
    );
    assert!(layout.fill() >= 0.85, "fill {}", layout.fill());
}

/// Page one of the 对开 has a 报眼 of two columns beside the nameplate: 自动组版 puts a
/// short item there, its text fits, and nothing else reaches into the nameplate.
#[test]
fn auto_layout_fills_the_ear_beside_the_nameplate() {
    let (mut typesetter, grids) = typesetter();
    let specs: Vec<Spec> = (0..16)
        .map(|n| Spec {
            chars: if n % 3 == 0 {
                120 + n * 10
            } else {
                500 + (n * 577) % 2000
            },
            approved: false,
            priority: 0,
        })
        .collect();
    let issue = pool_issue(1, &specs);
    let layout = auto_layout(&typesetter, &issue, &grids, 1, &UnknownPhotoSizes).unwrap();
    let result = apply(&issue, &grids, layout.edit.clone());
    check_issue(&result, &grids).unwrap();
    assert_eq!(overflow(&mut typesetter, &result, 1), vec![]);
    let grid = grids.of_page(&result.pages[0]).unwrap();
    let ear_left = grid.columns - grid.ear_columns;
    let in_ear: Vec<_> = result.pages[0]
        .placements
        .iter()
        .filter(|p| p.line < grid.nameplate_lines)
        .collect();
    assert_eq!(in_ear.len(), 1, "{:?}", result.pages[0].placements);
    let ear = in_ear[0];
    assert!(
        ear.column >= ear_left && ear.line + ear.depth <= grid.ear_lines(1),
        "{ear:?}"
    );
    assert!(layout.fill() >= 0.9, "fill {}", layout.fill());
}

/// A block may be put in the 报眼 by hand, but not over the nameplate or its rules.
#[test]
fn the_ear_takes_a_block_and_the_nameplate_refuses_one() {
    use caibian::model::EditError;
    let (_, grids) = typesetter();
    let issue = pool_issue(
        1,
        &[Spec {
            chars: 150,
            approved: true,
            priority: 0,
        }],
    );
    let id = issue.articles[0].id.clone();
    let place = |column, line, depth| Edit::PlaceBlock {
        page: 1,
        placement: caibian::model::Placement {
            article: id.clone(),
            part: 0,
            column,
            span: 2,
            line,
            depth,
        },
    };
    let mut doc = Document::new(issue.clone());
    doc.set_grids(grids.clone());
    doc.apply(place(6, 0, 17)).expect("the ear takes the block");
    for (column, line, depth) in [(6, 0, 18), (5, 0, 10), (0, 10, 10)] {
        let mut doc = Document::new(issue.clone());
        doc.set_grids(grids.clone());
        assert!(
            matches!(
                doc.apply(place(column, line, depth)),
                Err(EditError::UnderNameplate(_))
            ),
            "column {column}, line {line}, depth {depth}"
        );
    }
}

/// A four-column block one line deeper than its text leaves a line at the foot of each
/// column: four lines in all, but no gap a reader sees, so the preflight does not call it
/// underfull; the deepest single-column gap is what it reports.
#[test]
fn a_wide_block_whose_columns_each_end_a_line_short_is_not_underfull() {
    let (mut typesetter, grids) = typesetter();
    let issue = pool_issue(
        2,
        &[Spec {
            chars: 1500,
            approved: true,
            priority: 0,
        }],
    );
    let article = issue.articles[0].clone();
    let template = typesetter.template_for(&issue.pages[1]).clone();
    let depth = typesetter
        .measure(&article, &template, 4, &[])
        .fit_depth(4)
        .unwrap()
        + 1;
    let placement = caibian::model::Placement {
        article: article.id.clone(),
        part: 0,
        column: 0,
        span: 4,
        line: 0,
        depth,
    };
    let result = apply(&issue, &grids, Edit::PlaceBlock { page: 2, placement });
    let pages = typesetter.typeset(&result);
    let block = &pages[1].blocks[0];
    assert!(
        block.empty_lines > caibian::proof::UNDERFULL_LINES,
        "{} empty lines over four columns",
        block.empty_lines
    );
    assert!(block.foot_empty_lines <= 2, "{}", block.foot_empty_lines);
    let findings = caibian::proof::check_pages(&result, &pages, false);
    assert!(
        findings.iter().all(|f| f.rule != "underfull"),
        "{findings:#?}"
    );
}
