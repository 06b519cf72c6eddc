//! Users and groups from `/etc/passwd` and `/etc/group`, beyond the id-to-name look-ups
//! `secure_exec_system` has: names to ids, a user's supplementary groups, and the
//! name-or-number labels `ls` and `stat` print.

use secure_exec_system::{System, group_name, user_name};

/// The `name:x:id:...:members` lines of `file`, split at `:`.
fn entries(sys: &mut dyn System, file: &str) -> Vec<Vec<String>> {
    let Ok(data) = sys.read_file(file) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&data)
        .lines()
        .map(|line| line.split(':').map(String::from).collect::<Vec<_>>())
        .filter(|fields| fields.len() >= 3)
        .collect()
}

fn id_of(sys: &mut dyn System, file: &str, name: &str) -> Option<u32> {
    entries(sys, file)
        .into_iter()
        .find(|fields| fields[0] == name)
        .and_then(|fields| fields[2].parse().ok())
        .or_else(|| name.parse().ok())
}

/// The uid of user `name` (a number is taken as it is).
pub fn user_id(sys: &mut dyn System, name: &str) -> Option<u32> {
    id_of(sys, "/etc/passwd", name)
}

/// The gid of group `name` (a number is taken as it is).
pub fn group_id(sys: &mut dyn System, name: &str) -> Option<u32> {
    id_of(sys, "/etc/group", name)
}

/// The name, uid and primary gid of the user named `name`, or numbered `name`.
pub fn user_entry(sys: &mut dyn System, name: &str) -> Option<(String, u32, u32)> {
    let entries = entries(sys, "/etc/passwd");
    let entry = |fields: &Vec<String>| {
        Some((
            fields[0].clone(),
            fields[2].parse().ok()?,
            fields.get(3)?.parse().ok()?,
        ))
    };
    entries
        .iter()
        .find(|fields| fields[0] == name)
        .or_else(|| entries.iter().find(|fields| fields[2] == name))
        .and_then(entry)
}

/// The groups whose member lists name `user`, after `primary`.
pub fn groups_of(sys: &mut dyn System, user: Option<&str>, primary: u32) -> Vec<u32> {
    let mut groups = vec![primary];
    if let Some(user) = user {
        for fields in entries(sys, "/etc/group") {
            let members = fields.get(3).map_or("", String::as_str);
            if let Ok(gid) = fields[2].parse::<u32>()
                && members.split(',').any(|member| member == user)
                && !groups.contains(&gid)
            {
                groups.push(gid);
            }
        }
    }
    groups
}

/// The user's name, or its number when it has none.
pub fn user_label(sys: &mut dyn System, uid: u32) -> String {
    user_name(sys, uid).unwrap_or_else(|| uid.to_string())
}

/// The group's name, or its number when it has none.
pub fn group_label(sys: &mut dyn System, gid: u32) -> String {
    group_name(sys, gid).unwrap_or_else(|| gid.to_string())
}
