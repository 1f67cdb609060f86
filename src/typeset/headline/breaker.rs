//! Chooses a headline's line breaks among word and phrase boundaries, balancing the lines.

// How it works. A line typed by the editor (a newline in the field) is kept; each part between
// such breaks is broken on its own. Every clreq-legal break of a part gets a cost from the
// segmenter (`words::break_costs`: phrase boundaries cheap, breaks inside a word or a number
// dearest). For the fewest lines that can hold the part, and one or two more, a dynamic
// programme over the legal breaks finds the lines that fit the measure with the least sum
// of break costs plus the squared distance of each line's width from the even width (in em);
// each line costs more than any word break, so a headline never takes an extra line to find
// a nicer break, but a break inside a word costs more than several lines. A part of n chars
// with lines of at most w chars takes O(n w) line extents and O(L n w) steps.

use crate::typeset::linebreak::{
    Advances, Line, ParagraphStyle, PreparedParagraph, break_paragraph,
};

use super::words::{INSIDE_BRACKETS, break_costs};

/// Each line costs this: more than any break between words, less than one inside a word.
const LINE_COST: f32 = 1_000.0;
/// A line of one char (a lone 召 or 会) is worse than an extra line.
const LONE_CHAR_LINE: f32 = 3_000.0;
/// Weight of a line's squared distance from the even width, relative to that width (so
/// balance is judged in proportion, as the eye does): two lines of 6 and 8 chars cost 2.4,
/// of 14 and 6 chars 9.6. A phrase boundary (暨, a comma, before the closing 召开) is then
/// worth a visibly uneven pair of lines, and a plain word break (12) is not worth more
/// than a slight imbalance.
const BALANCE_WEIGHT: f32 = 30.0;
/// Lines considered beyond the fewest that can hold the text.
const EXTRA_LINES: usize = 2;
/// Slack for comparing float widths.
const EPSILON_PT: f32 = 1e-3;

/// Chars that end a line where the editor typed them (Shift+Enter in the form).
pub const MANUAL_BREAKS: [char; 3] = ['\n', '\r', '\u{2028}'];

/// A headline broken into lines.
#[derive(Debug, Clone, Default)]
pub struct BrokenHeadline {
    /// The lines; char indices count in the whole field text, manual breaks included.
    pub lines: Vec<Line>,
    /// For each line but the last: whether the editor's break ends it.
    pub manual: Vec<bool>,
    /// Word boundaries outside brackets where a line could break (char index of the char
    /// after the break), chosen or not.
    pub possible: Vec<usize>,
}

/// Breaks a headline (or 引题, 副题, caption) into balanced lines at word boundaries,
/// keeping the editor's own breaks.
pub fn break_headline(
    text: &str,
    style: &ParagraphStyle,
    advances: &dyn Advances,
) -> BrokenHeadline {
    let mut broken = BrokenHeadline::default();
    let mut offset = 0;
    for part in text.split(MANUAL_BREAKS) {
        let shifted = |index: usize, ch: char| advances.advance_pt(offset + index, ch);
        let (lines, possible) = break_part(part, style, &shifted);
        if !lines.is_empty() {
            if let Some(last) = broken.manual.last_mut() {
                *last = true;
            }
            for mut line in lines {
                line.chars.iter_mut().for_each(|c| c.index += offset);
                broken.lines.push(line);
                broken.manual.push(false);
            }
            broken
                .possible
                .extend(possible.into_iter().map(|p| p + offset));
        }
        offset += part.chars().count() + 1;
    }
    broken.manual.pop();
    broken
}

/// Breaks one part (no manual breaks inside); returns its lines and possible breaks.
fn break_part(
    text: &str,
    style: &ParagraphStyle,
    advances: &dyn Advances,
) -> (Vec<Line>, Vec<usize>) {
    let para = PreparedParagraph::new(text, style, advances);
    let first = para.skip_spaces(0);
    if first >= para.len() {
        return (Vec::new(), Vec::new());
    }
    let costs = break_costs(text);
    let ends: Vec<usize> = (first + 1..=para.len())
        .filter(|&end| para.may_break_after(end - 1))
        .collect();
    let Some(&last_end) = ends.last() else {
        return (break_paragraph(text, style, advances), Vec::new());
    };
    let possible = ends
        .iter()
        .copied()
        .filter(|&end| end < last_end && costs[end] < INSIDE_BRACKETS)
        .collect();
    let graph = Graph::build(&para, &ends, first, style);
    let Some(spans) = graph.best(&costs, last_end, style.size_pt) else {
        // A unit wider than the line (a long number or Latin word): the plain breaker
        // splits it and marks the line.
        return (break_paragraph(text, style, advances), possible);
    };
    let lines = spans
        .into_iter()
        .map(|(start, end)| para.set_line(start, end))
        .collect();
    (lines, possible)
}

/// A possible line: from a node to a later one, with its natural width.
#[derive(Debug, Clone, Copy)]
struct Edge {
    to: usize,
    width_pt: f32,
    lone_char: bool,
}

/// The possible lines of a part: node 0 is the part's start, node `k` the end of the `k`th
/// legal break (the line after it starts past any spaces).
struct Graph {
    /// Where each node's next line starts.
    starts: Vec<usize>,
    /// The char index each node ends a line at (node 0: none).
    ends: Vec<usize>,
    /// The lines that fit the measure, by start node.
    edges: Vec<Vec<Edge>>,
    /// Natural width of the whole part on one line.
    total_pt: f32,
}

impl Graph {
    fn build(
        para: &PreparedParagraph,
        ends: &[usize],
        first: usize,
        style: &ParagraphStyle,
    ) -> Self {
        let mut starts = vec![first];
        starts.extend(ends.iter().map(|&end| para.skip_spaces(end)));
        let mut node_ends = vec![first];
        node_ends.extend_from_slice(ends);
        let mut edges = Vec::with_capacity(starts.len());
        for &start in &starts {
            let mut out = Vec::new();
            for (offset, &end) in ends.iter().enumerate() {
                if end <= start {
                    continue;
                }
                let extent = para.extent(start, end);
                if extent.min_pt > style.measure_pt + EPSILON_PT {
                    // Longer lines only get wider, but for a line-end mark that may still
                    // compress, so look one em further before giving up.
                    if extent.min_pt > style.measure_pt + style.size_pt {
                        break;
                    }
                    continue;
                }
                out.push(Edge {
                    to: offset + 1,
                    width_pt: extent.natural_pt,
                    lone_char: end - start == 1,
                });
            }
            edges.push(out);
        }
        let total_pt = ends
            .last()
            .map_or(0.0, |&last| para.extent(first, last).natural_pt);
        Graph {
            starts,
            ends: node_ends,
            edges,
            total_pt,
        }
    }

    /// The cheapest set of lines, as (start, end) char ranges, or `None` when none fits.
    fn best(&self, costs: &[f32], last_end: usize, em_pt: f32) -> Option<Vec<(usize, usize)>> {
        let goal = self.ends.iter().position(|&end| end == last_end)?;
        let fewest = self.fewest_lines(goal)?;
        (fewest..=fewest + EXTRA_LINES)
            .filter_map(|count| self.best_with(count, costs, goal, em_pt))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, spans)| spans)
    }

    /// The fewest lines that reach `goal`, by breadth-first search.
    fn fewest_lines(&self, goal: usize) -> Option<usize> {
        let mut lines = vec![usize::MAX; self.starts.len()];
        lines[0] = 0;
        // Edges only go forward, so one pass in node order settles every node.
        for from in 0..self.starts.len() {
            if lines[from] == usize::MAX {
                continue;
            }
            for edge in &self.edges[from] {
                lines[edge.to] = lines[edge.to].min(lines[from] + 1);
            }
        }
        (lines[goal] != usize::MAX).then_some(lines[goal])
    }

    /// The cheapest way to reach `goal` in exactly `count` lines, with its cost.
    fn best_with(
        &self,
        count: usize,
        costs: &[f32],
        goal: usize,
        em_pt: f32,
    ) -> Option<(f32, Vec<(usize, usize)>)> {
        let nodes = self.starts.len();
        let even_pt = self.total_pt / count as f32;
        // cost[k][node]: cheapest k lines ending at node; from[k][node]: the node before.
        let mut cost = vec![vec![f32::INFINITY; nodes]; count + 1];
        let mut from = vec![vec![usize::MAX; nodes]; count + 1];
        cost[0][0] = 0.0;
        for k in 0..count {
            for node in 0..nodes {
                let here = cost[k][node];
                if !here.is_finite() {
                    continue;
                }
                for edge in &self.edges[node] {
                    let deviation = (edge.width_pt - even_pt) / even_pt.max(em_pt);
                    let mut step = LINE_COST + BALANCE_WEIGHT * deviation * deviation;
                    if edge.to != goal {
                        step += costs[self.ends[edge.to]];
                    }
                    if edge.lone_char && count > 1 {
                        step += LONE_CHAR_LINE;
                    }
                    if here + step < cost[k + 1][edge.to] {
                        cost[k + 1][edge.to] = here + step;
                        from[k + 1][edge.to] = node;
                    }
                }
            }
        }
        let total = cost[count][goal];
        if !total.is_finite() {
            return None;
        }
        let mut spans = Vec::with_capacity(count);
        let mut node = goal;
        for k in (1..=count).rev() {
            let previous = from[k][node];
            spans.push((self.starts[previous], self.ends[node]));
            node = previous;
        }
        spans.reverse();
        Some((total, spans))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE_PT: f32 = 10.0;

    /// Every char one em wide but the space (a quarter).
    fn advance(_index: usize, ch: char) -> f32 {
        if ch == ' ' { 2.5 } else { SIZE_PT }
    }

    fn lines(text: &str, measure_em: f32) -> Vec<String> {
        let style = ParagraphStyle {
            size_pt: SIZE_PT,
            measure_pt: measure_em * SIZE_PT,
            first_line_indent_em: 0.0,
            justify: false,
        };
        break_headline(text, &style, &advance)
            .lines
            .iter()
            .map(|line| line.chars.iter().map(|c| c.ch).collect())
            .collect()
    }

    #[test]
    fn breaks_between_words_not_inside() {
        assert_eq!(
            lines("两当县云屏镇召开协商议事会", 7.8),
            ["两当县云屏镇", "召开协商议事会"]
        );
    }

    #[test]
    fn manual_break_wins_and_indices_count_it() {
        let style = ParagraphStyle {
            size_pt: SIZE_PT,
            measure_pt: 30.0 * SIZE_PT,
            first_line_indent_em: 0.0,
            justify: false,
        };
        let broken = break_headline("两当县\n云屏镇", &style, &advance);
        assert_eq!(broken.lines.len(), 2);
        assert_eq!(broken.manual, [true]);
        // 云 is char 4 of the field: the newline counts.
        assert_eq!(broken.lines[1].chars[0].index, 4);
    }

    #[test]
    fn fits_on_one_line_when_it_can() {
        assert_eq!(
            lines("两当县云屏镇召开协商议事会", 16.8),
            ["两当县云屏镇召开协商议事会"]
        );
    }

    #[test]
    fn a_word_longer_than_the_line_falls_back_to_chars() {
        // 中华人民共和国 is one word of 7 chars, the line holds 4.
        let set = lines("中华人民共和国", 4.0);
        assert_eq!(set.concat(), "中华人民共和国");
        assert!(set.iter().all(|l| l.chars().count() <= 4));
    }
}
