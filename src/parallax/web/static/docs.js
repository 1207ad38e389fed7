// Starts Swagger UI on /docs with this app's own OpenAPI document. A file, not an inline
// script, since the pages' Content-Security-Policy runs scripts from the app's files only.
// The Swagger UI installed here (4.x, from swagger-ui-bundle) renders OpenAPI 3.0 only; the
// app's document says 3.1, and what it uses of 3.1 (null among anyOf types) reads as 3.0.
fetch("/openapi.json")
  .then((answer) => answer.json())
  .then((spec) => {
    window.ui = SwaggerUIBundle({
      spec: { ...spec, openapi: "3.0.3" },
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis],
      validatorUrl: null,  // the default would send the document to validator.swagger.io
    });
  });
