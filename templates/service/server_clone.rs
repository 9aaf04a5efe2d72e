//! The body of the server's `Clone` impl.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
fn clone(&self) -> Self {
    Self {
        inner: self.inner.clone(),
        config: self.config,
    }
}
