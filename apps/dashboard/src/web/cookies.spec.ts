import { dashboardConfigSchema } from '../config';
import { DashboardCookies } from './cookies';

const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/waymark' };

describe('the dashboard’s cookies', () => {
  it('are Secure with the __Host- prefix unless DASHBOARD_SECURE_COOKIE=false, and always HttpOnly and SameSite=Strict', () => {
    const byDefault = dashboardConfigSchema.parse(env);
    expect(byDefault.DASHBOARD_SECURE_COOKIE).toBe(true);
    const secure = new DashboardCookies(byDefault.DASHBOARD_SECURE_COOKIE);
    expect(secure.session).toBe('__Host-waymark-session');
    expect(secure.options(60_000)).toEqual({
      httpOnly: true,
      sameSite: 'strict',
      secure: true,
      path: '/',
      maxAge: 60_000,
    });

    const local = dashboardConfigSchema.parse({ ...env, DASHBOARD_SECURE_COOKIE: 'false' });
    const plain = new DashboardCookies(local.DASHBOARD_SECURE_COOKIE);
    expect(plain.session).toBe('waymark-session');
    expect(plain.options()).toEqual({ httpOnly: true, sameSite: 'strict', secure: false, path: '/' });
  });

  it('refuses anything but true or false for DASHBOARD_SECURE_COOKIE', () => {
    expect(dashboardConfigSchema.safeParse({ ...env, DASHBOARD_SECURE_COOKIE: 'no' }).success).toBe(false);
  });
});
