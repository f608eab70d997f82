//! `/admin`: where a signed-in member starts, with what their role may do.

use actix_web::{web, HttpResponse};

use super::staff_context;
use crate::staff::extract::SignedIn;
use crate::web::{AppError, Page, Renderer};

pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    signed_in: SignedIn,
) -> Result<HttpResponse, AppError> {
    page.render(&renderer, "admin/home.html", staff_context(&signed_in))
}
