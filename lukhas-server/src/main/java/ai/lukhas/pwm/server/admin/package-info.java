/** Serves the admin dashboard's static files at /admin (switched by the ADMIN_DASHBOARD flag). */
package ai.lukhas.pwm.server.admin;
