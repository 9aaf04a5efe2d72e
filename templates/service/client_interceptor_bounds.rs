//! The `where` clause of the client's `with_interceptor`.
//! Written line by line at the depth of the code around it; see src/codegen/services.rs.
where
    F: ::tonic::service::Interceptor,
    ::tonic::service::interceptor::InterceptedService<
        T,
        F,
    >: super::__rustsvc::client::Channel,
