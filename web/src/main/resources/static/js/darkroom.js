// htmx requests carry the CSRF token from the page's meta tags (Spring Security checks it on every
// state-changing request; plain forms carry it as a hidden field that Thymeleaf adds).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
