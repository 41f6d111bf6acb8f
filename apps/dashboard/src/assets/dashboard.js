// GOV.UK Frontend's components (the password reveal, the mobile navigation); the pages work without it too.
import { initAll } from './govuk/govuk-frontend.min.js';

initAll();
