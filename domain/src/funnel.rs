//! The stage × channel funnel over many journeys: counts, conversion to the next stage,
//! median time between stages and online-inquiry → offline-purchase conversion.
//!
//! A journey *reached* a stage when it has any touch in it, on any channel; a cell's
//! conversion is the share of its journeys that reached a later stage. Medians use
//! journeys that reached both stages, with the next stage's first touch not earlier.

use crate::dto::{MatrixCell, StageFlow};
use crate::journey::{cell_bit, CHANNEL_SLOTS};
use crate::kpi::{median, ratio};
use crate::model::{Channel, Stage};

const STAGES: usize = 5;

/// One journey as stored for aggregation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FunnelRow {
    pub cells: u64,
    /// Unix seconds of the first touch per stage, in [`Stage::ALL`] order.
    pub first_at: [Option<i64>; STAGES],
    pub online_inquiry: bool,
    pub offline_purchase: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Funnel {
    pub journeys: u64,
    cell: [[(u64, u64); CHANNEL_SLOTS]; STAGES],
    stage: [(u64, u64); STAGES],
    gaps: [Vec<i64>; STAGES - 1],
    pub online_inquiries: u64,
    pub offline_purchases: u64,
}

impl Funnel {
    pub fn add(&mut self, row: &FunnelRow) {
        self.journeys += 1;
        let stage_mask = (1u64 << CHANNEL_SLOTS) - 1;
        let reached = |s: usize| row.cells >> (s * CHANNEL_SLOTS) & stage_mask != 0;
        // a stage may go unrecorded (no reminder sent): reaching any later stage counts
        let later = |s: usize| (s + 1..STAGES).any(reached);
        for s in 0..STAGES {
            if !reached(s) {
                continue;
            }
            let next = later(s) as u64;
            self.stage[s].0 += 1;
            self.stage[s].1 += next;
            for c in 0..CHANNEL_SLOTS {
                if row.cells >> (s * CHANNEL_SLOTS + c) & 1 == 1 {
                    self.cell[s][c].0 += 1;
                    self.cell[s][c].1 += next;
                }
            }
            if let (Some(a), Some(Some(b))) = (row.first_at[s], row.first_at.get(s + 1)) {
                if *b >= a {
                    self.gaps[s].push(b - a);
                }
            }
        }
        if row.online_inquiry {
            self.online_inquiries += 1;
            self.offline_purchases += row.offline_purchase as u64;
        }
    }

    pub fn cells(&self) -> Vec<MatrixCell> {
        let mut out = Vec::new();
        for (s, stage) in Stage::ALL.iter().enumerate() {
            for channel in Channel::ALL {
                let (journeys, next) = self.cell[s][cell_bit(*stage, *channel) as usize - s * CHANNEL_SLOTS];
                if journeys > 0 {
                    let last = s + 1 == STAGES;
                    out.push(MatrixCell {
                        stage: *stage,
                        channel: *channel,
                        journeys,
                        reached_next: next,
                        conversion: if last { None } else { ratio(next, journeys) },
                    });
                }
            }
        }
        out
    }

    pub fn stages(&mut self) -> Vec<StageFlow> {
        Stage::ALL
            .iter()
            .enumerate()
            .map(|(s, stage)| {
                let (journeys, next) = self.stage[s];
                let last = s + 1 == STAGES;
                StageFlow {
                    stage: *stage,
                    journeys,
                    reached_next: next,
                    conversion: if last { None } else { ratio(next, journeys) },
                    median_hours_to_next: if last { None } else { median(&mut self.gaps[s]).map(|secs| secs / 3600.0) },
                }
            })
            .collect()
    }

    pub fn online_to_offline(&self) -> Option<f64> {
        ratio(self.offline_purchases, self.online_inquiries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(touches: &[(Stage, Channel, i64)], online_inquiry: bool, offline_purchase: bool) -> FunnelRow {
        let mut r = FunnelRow { online_inquiry, offline_purchase, ..Default::default() };
        for (stage, channel, hour) in touches {
            r.cells |= 1 << cell_bit(*stage, *channel);
            let i = Stage::ALL.iter().position(|s| s == stage).unwrap();
            r.first_at[i] = Some(r.first_at[i].map_or(hour * 3600, |x: i64| x.min(hour * 3600)));
        }
        r
    }

    #[test]
    fn hand_computed_funnel() {
        use Channel::*;
        use Stage::*;
        let mut f = Funnel::default();
        // 1: Douyin inquiry → store booking → trip → review
        f.add(&row(&[(PreDecision, Douyin, 0), (Booking, Store, 10), (InTrip, Store, 100), (PostTrip, Wechat, 200)], true, true));
        // 2: Douyin inquiry, never booked
        f.add(&row(&[(PreDecision, Douyin, 0)], true, false));
        // 3: Ctrip search and Ctrip booking (online), upcoming trip
        f.add(&row(&[(PreDecision, Ctrip, 0), (PreDecision, Douyin, 5), (Booking, Ctrip, 30)], true, false));
        assert_eq!(f.journeys, 3);
        let cells = f.cells();
        let cell = |s: Stage, c: Channel| cells.iter().find(|x| x.stage == s && x.channel == c).cloned();
        let douyin = cell(PreDecision, Douyin).unwrap();
        assert_eq!((douyin.journeys, douyin.reached_next), (3, 2));
        assert!((douyin.conversion.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(cell(Booking, Store).unwrap().conversion, Some(1.0));
        assert_eq!(cell(Booking, Ctrip).unwrap().conversion, Some(0.0));
        assert_eq!(cell(PostTrip, Wechat).unwrap().conversion, None, "no stage after post-trip");
        assert!(cell(InTrip, Ctrip).is_none(), "empty cells are left out");
        let stages = f.stages();
        assert_eq!((stages[0].journeys, stages[0].reached_next), (3, 2));
        // pre-decision → booking: 10 h and 30 h → median 20 h
        assert_eq!(stages[0].median_hours_to_next, Some(20.0));
        // booking → on: journey 1 went on to the trip (no pre-trip touch on record), journey 3 not yet
        assert_eq!((stages[1].journeys, stages[1].reached_next, stages[1].median_hours_to_next), (2, 1, None));
        assert_eq!(f.online_to_offline(), Some(1.0 / 3.0));
    }

    #[test]
    fn empty_funnel_has_no_rates() {
        let mut f = Funnel::default();
        assert!(f.cells().is_empty());
        assert!(f.stages().iter().all(|s| s.conversion.is_none() && s.median_hours_to_next.is_none()));
        assert_eq!(f.online_to_offline(), None);
    }

    #[test]
    fn a_stage_drop_off_counts_the_journeys_dropped_at_it() {
        use crate::journey::dropped_at;
        // every mix of stages reached, on one or two channels
        let mut funnel = Funnel::default();
        let mut rows = Vec::new();
        for mask in 0u64..32 {
            for channel in [Channel::Ctrip, Channel::Store] {
                let mut cells = 0u64;
                for (i, stage) in Stage::ALL.iter().enumerate() {
                    if mask >> i & 1 == 1 {
                        cells |= 1 << cell_bit(*stage, channel);
                    }
                }
                let row = FunnelRow { cells, ..Default::default() };
                funnel.add(&row);
                rows.push(row);
            }
        }
        for flow in funnel.stages() {
            let dropped = rows.iter().filter(|r| dropped_at(r.cells, flow.stage)).count() as u64;
            let expected = if flow.conversion.is_some() { flow.journeys - flow.reached_next } else { 0 };
            assert_eq!(dropped, expected, "{:?}", flow.stage);
        }
    }
}
