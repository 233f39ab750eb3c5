//! CloudFormation (to be served).
use super::Call;
use crate::store::Store;

pub fn handle(_st: &mut Store, _body: &[u8], _call: &Call) -> (u16, String) {
    (400, String::new())
}
