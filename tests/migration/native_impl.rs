// The same server against the native trait: only the #[tonic::async_trait] line is gone.
pub struct Store {
    users: std::sync::Mutex<Vec<User>>,
}

impl Store {
    pub fn new() -> Self {
        Store {
            users: std::sync::Mutex::new(Vec::new()),
        }
    }
}

impl UserInfo for Store {
    async fn add_user(&self, request: Request<User>) -> Result<Response<UserId>, Status> {
        let mut users = self.users.lock().unwrap();
        let mut user = request.into_inner();
        user.id = users.len().to_string();
        users.push(user.clone());
        Ok(Response::new(UserId { value: user.id }))
    }

    async fn get_user(&self, request: Request<UserId>) -> Result<Response<User>, Status> {
        let id = request.into_inner().value;
        let users = self.users.lock().unwrap();
        match users.iter().find(|u| u.id == id) {
            Some(user) => Ok(Response::new(user.clone())),
            None => Err(Status::not_found(format!("no user {id}"))),
        }
    }
}
