//! Shell variables: values, the export and readonly attributes, and the scopes `local`
//! opens in functions.

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variable {
    /// `None` for a variable that has attributes (`export X`) but no value yet.
    pub value: Option<String>,
    pub exported: bool,
    pub readonly: bool,
}

/// The error of changing a readonly variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadonlyError(pub String);

#[derive(Debug, Clone, Default)]
pub struct Variables {
    map: HashMap<String, Variable>,
    /// For each running function, the variables it made local and what they were before.
    scopes: Vec<Vec<(String, Option<Variable>)>>,
}

impl Variables {
    /// Variables from the environment the shell started with, all exported.
    pub fn from_environment(env: Vec<(String, String)>) -> Variables {
        let map = env
            .into_iter()
            .map(|(name, value)| {
                let variable = Variable {
                    value: Some(value),
                    exported: true,
                    readonly: false,
                };
                (name, variable)
            })
            .collect();
        Variables {
            map,
            scopes: Vec::new(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name)?.value.as_deref()
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.map.get(name)
    }

    /// Sets the value, keeping the attributes; `export` also exports it.
    pub fn set(&mut self, name: &str, value: String, export: bool) -> Result<(), ReadonlyError> {
        let variable = self.map.entry(name.to_string()).or_default();
        if variable.readonly {
            return Err(ReadonlyError(name.to_string()));
        }
        variable.value = Some(value);
        variable.exported |= export;
        Ok(())
    }

    pub fn unset(&mut self, name: &str) -> Result<(), ReadonlyError> {
        if self.map.get(name).is_some_and(|v| v.readonly) {
            return Err(ReadonlyError(name.to_string()));
        }
        self.map.remove(name);
        Ok(())
    }

    /// Marks `name` exported (or not), creating it without a value if needed.
    pub fn set_exported(&mut self, name: &str, exported: bool) {
        self.map.entry(name.to_string()).or_default().exported = exported;
    }

    pub fn set_readonly(&mut self, name: &str) {
        self.map.entry(name.to_string()).or_default().readonly = true;
    }

    /// Puts back a variable exactly as it was (a prefix assignment ending).
    pub fn restore(&mut self, name: &str, previous: Option<Variable>) {
        match previous {
            Some(variable) => self.map.insert(name.to_string(), variable),
            None => self.map.remove(name),
        };
    }

    /// The environment children get: exported variables that have a value, sorted.
    pub fn environment(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = self
            .map
            .iter()
            .filter(|(_, v)| v.exported)
            .filter_map(|(name, v)| Some((name.clone(), v.value.clone()?)))
            .collect();
        env.sort();
        env
    }

    /// Every variable, sorted by name.
    pub fn all(&self) -> Vec<(&str, &Variable)> {
        let mut all: Vec<(&str, &Variable)> = self
            .map
            .iter()
            .map(|(name, v)| (name.as_str(), v))
            .collect();
        all.sort_by_key(|(name, _)| *name);
        all
    }

    pub fn push_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Ends the innermost function scope, restoring the variables it made local.
    pub fn pop_scope(&mut self) {
        if let Some(scope) = self.scopes.pop() {
            for (name, previous) in scope.into_iter().rev() {
                self.restore(&name, previous);
            }
        }
    }

    /// Makes `name` local to the innermost function (unset until given a value). False
    /// outside functions.
    pub fn make_local(&mut self, name: &str) -> Result<bool, ReadonlyError> {
        let Some(scope) = self.scopes.last_mut() else {
            return Ok(false);
        };
        if self.map.get(name).is_some_and(|v| v.readonly) {
            return Err(ReadonlyError(name.to_string()));
        }
        if !scope.iter().any(|(local, _)| local == name) {
            scope.push((name.to_string(), self.map.remove(name)));
        }
        Ok(true)
    }
}
