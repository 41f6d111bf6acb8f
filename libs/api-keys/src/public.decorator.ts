import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'waymark:public';

/**
 * Lets a route (method) or every route of a controller (class) through without an API key. Every API key guard
 * (providers', commissioners') honours the same mark. A controller from another library is marked by calling it:
 * `Public()(SomeController)`. (Health probes and metrics need none: they are on the management server.)
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
