//! Group trees of synthetic enterprises.
//!
//! Enterprises come in groups of 6 to 34 (20 on average, so about 5% of all enterprises
//! are group companies). Half the groups have subsidiaries two levels deep (levels 2-3),
//! the other half three levels deep (levels 2-4). The tree of a group depends only on its
//! size, so a run cut short at `count` keeps exactly the prefix of a longer run.

use super::dice::{Dice, Stream};

/// Where an enterprise sits: its group company, its parent and its tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Member {
    /// 0-based number of the synthetic enterprise; decides its code.
    pub index: u32,
    /// Index of the group company at the top (its own index for a group).
    pub group: u32,
    /// Index of the enterprise directly above.
    pub parent: Option<u32>,
    /// 1 for the group company, then 2, 3, 4.
    pub level: i16,
}

/// The first `count` synthetic enterprises, groups before their subsidiaries.
pub(super) fn layout(count: u32) -> Vec<Member> {
    let mut members = Vec::with_capacity(count as usize);
    let mut ordinal = 0;
    let mut start = 0;
    while start < count {
        let mut dice = Dice::new(ordinal, Stream::GroupSize);
        let size = dice.between(6, 34) as u32;
        let deep = dice.chance(500);
        members.extend(
            group_members(start, size, deep)
                .into_iter()
                .take_while(|m| m.index < count),
        );
        start += size;
        ordinal += 1;
    }
    members
}

fn group_members(start: u32, size: u32, deep: bool) -> Vec<Member> {
    let subsidiaries = size - 1;
    let tiers = if deep {
        vec![
            (subsidiaries / 6).max(1),
            (subsidiaries / 3).max(1),
            u32::MAX,
        ]
    } else {
        vec![(subsidiaries / 4).max(1), u32::MAX]
    };
    let mut members = vec![Member {
        index: start,
        group: start,
        parent: None,
        level: 1,
    }];
    let mut above = vec![start];
    let mut next = start + 1;
    let end = start + size;
    for (depth, wanted) in (2..).zip(tiers) {
        let tier: Vec<u32> = (next..end.min(next.saturating_add(wanted))).collect();
        for (j, &index) in tier.iter().enumerate() {
            members.push(Member {
                index,
                group: start,
                // Spread the tier evenly over the enterprises one level up.
                parent: Some(above[j % above.len()]),
                level: depth,
            });
        }
        next += tier.len() as u32;
        if !tier.is_empty() {
            above = tier;
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_one_enterprise_in_twenty_is_a_group_with_subsidiaries_two_or_three_levels_deep() {
        let members = layout(100_000);
        assert_eq!(members.len(), 100_000);
        let groups = members.iter().filter(|m| m.parent.is_none()).count();
        assert!((4_000..6_000).contains(&groups), "{groups} groups");
        assert!(members.iter().any(|m| m.level == 4));
        for (i, m) in members.iter().enumerate() {
            assert_eq!(m.index as usize, i);
            if let Some(parent) = m.parent {
                let parent = members[parent as usize];
                assert_eq!(parent.level + 1, m.level);
                assert_eq!(parent.group, m.group);
                assert!(parent.index < m.index);
            }
        }
    }

    #[test]
    fn a_shorter_run_is_a_prefix_of_a_longer_one() {
        let long = layout(5_000);
        let short = layout(1_234);
        assert_eq!(short[..], long[..1_234]);
    }
}
