/*
 * HubSpot Visitor Identification: the website side.
 *
 * Asks your n8n webhook (the "HubSpot Visitor Identification" node) for a visitor token and hands it to
 * HubSpot's chat widget, so a visitor you already know skips the chat's email form.
 *
 *   <script src="/hubspot-visitor-identification.js"></script>
 *   <script>
 *     HubspotVisitorIdentification.start({
 *       webhookUrl: 'https://n8n.example.com/webhook/hubspot-visitor-token',
 *       portalId: '1234567',
 *       eu: false,
 *       email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe',
 *     });
 *   </script>
 *
 * This script loads HubSpot's loader itself: remove HubSpot's own embed code (hs-script-loader) from the page.
 * Plain ES2017, no dependencies, no build step. MIT licence.
 */
(function (window, document) {
	'use strict';

	// sessionStorage only: it dies with the tab, is never sent to a server, and other tabs and origins cannot read it.
	var STORAGE_KEY = 'hubspotVisitorIdentification';
	var DEFAULT_TIMEOUT_MS = 8000;
	// Stop using a stored token a little before HubSpot stops accepting it, so a chat opened late still works.
	var DEFAULT_REFRESH_MARGIN_SECONDS = 300;
	// HubSpot's tokens live 12 hours; a longer expiresAt from a misconfigured server is not believed.
	var TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
	var LOG_PREFIX = '[hubspot-visitor-identification] ';

	var current = null; // the options of the last start() or switchVisitor()
	// Every start, switch and logout bumps this, so a slow webhook answer cannot undo a later logout.
	var generation = 0;

	function conversationsSettings() {
		if (!window.hsConversationsSettings || typeof window.hsConversationsSettings !== 'object') {
			window.hsConversationsSettings = {};
		}
		return window.hsConversationsSettings;
	}

	function normalizeEmail(email) {
		return String(email).trim().toLowerCase();
	}

	// Protocol-relative, as in HubSpot's own embed code.
	function loaderUrl(portalId, eu) {
		return '//js' + (eu ? '-eu1' : '') + '.hs-scripts.com/' + encodeURIComponent(portalId) + '.js';
	}

	function injectLoader(portalId, eu) {
		// The id HubSpot's own embed code uses: one loader per page, even if start() runs twice.
		if (document.getElementById('hs-script-loader')) return;
		var script = document.createElement('script');
		script.id = 'hs-script-loader';
		script.async = true;
		script.defer = true;
		script.src = loaderUrl(portalId, eu);
		(document.head || document.documentElement).appendChild(script);
	}

	// HubSpot calls the functions in hsConversationsOnReady once its API exists; after that we call it directly.
	function whenWidgetApiReady(callback) {
		if (window.HubSpotConversations) {
			callback(window.HubSpotConversations);
			return;
		}
		window.hsConversationsOnReady = window.hsConversationsOnReady || [];
		window.hsConversationsOnReady.push(function () {
			callback(window.HubSpotConversations);
		});
	}

	function widgetIsLoaded(api) {
		try {
			return Boolean(api.widget.status().loaded);
		} catch (error) {
			return false;
		}
	}

	function applyIdentity(identity) {
		var settings = conversationsSettings();
		settings.loadImmediately = false;
		if (identity) {
			// The email the token was made for, as the server answered it: HubSpot rejects any other.
			settings.identificationEmail = identity.identificationEmail;
			settings.identificationToken = identity.identificationToken;
		} else {
			delete settings.identificationEmail;
			delete settings.identificationToken;
		}
	}

	// --- the token kept for this tab -------------------------------------------------------------

	function forgetStoredToken() {
		try {
			window.sessionStorage.removeItem(STORAGE_KEY);
		} catch (error) {
			// Storage can be disabled (privacy settings); then there is nothing to forget.
		}
	}

	function readStoredToken(email, refreshMarginMs) {
		var entry;
		try {
			entry = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
		} catch (error) {
			return null;
		}
		if (!entry) return null;
		var usable =
			entry.email === email &&
			typeof entry.identificationEmail === 'string' &&
			normalizeEmail(entry.identificationEmail) === email &&
			typeof entry.identificationToken === 'string' &&
			Date.parse(entry.expiresAt) - refreshMarginMs > Date.now();
		if (!usable) {
			// Expired, or another visitor's: either way of no further use in this tab.
			forgetStoredToken();
			return null;
		}
		return entry;
	}

	function storeToken(email, identity) {
		var expiresAt = Math.min(Date.parse(identity.expiresAt), Date.now() + TOKEN_LIFETIME_MS);
		if (!(expiresAt > Date.now())) return;
		try {
			window.sessionStorage.setItem(
				STORAGE_KEY,
				JSON.stringify({
					email: email,
					identificationEmail: identity.identificationEmail,
					identificationToken: identity.identificationToken,
					expiresAt: new Date(expiresAt).toISOString(),
				}),
			);
		} catch (error) {
			// Full or disabled storage only costs a webhook call on the next page view.
		}
	}

	// --- the webhook -------------------------------------------------------------------------------

	// The example workflows answer errors with { error, errorCode }; a code nested under error is read too.
	function describeErrorCode(body) {
		var code = body && (body.errorCode || (body.error && body.error.errorCode));
		return typeof code === 'string' ? ' (' + code + ')' : '';
	}

	async function requestToken(options) {
		var controller = typeof AbortController === 'function' ? new AbortController() : null;
		var timer = setTimeout(function () {
			if (controller) controller.abort();
		}, options.timeoutMs);
		try {
			var response = await fetch(options.webhookUrl, {
				method: 'POST',
				mode: 'cors',
				credentials: 'omit',
				cache: 'no-store',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ email: options.email, firstName: options.firstName, lastName: options.lastName }),
				signal: controller ? controller.signal : undefined,
			});
			var body = await response.json().catch(function () {
				return null;
			});
			if (!response.ok) {
				throw new Error('the webhook answered HTTP ' + response.status + describeErrorCode(body));
			}
			var settings = body && body.hsConversationsSettings;
			if (!settings || !settings.identificationEmail || !settings.identificationToken) {
				throw new Error('the webhook answer has no hsConversationsSettings with a token');
			}
			return {
				identificationEmail: String(settings.identificationEmail),
				identificationToken: String(settings.identificationToken),
				expiresAt: body.expiresAt,
			};
		} catch (error) {
			if (error && error.name === 'AbortError') throw new Error('the webhook did not answer within ' + options.timeoutMs + ' ms');
			throw error;
		} finally {
			clearTimeout(timer);
		}
	}

	// Resolves to what the page should tell HubSpot; never rejects, because the chat must load either way.
	// `mine` is the generation that asked: an answer arriving after a later logout or switch belongs to
	// a visitor who has gone, so it is neither kept nor reported as an identification.
	async function findIdentity(options, mine) {
		if (!options.email) return { identified: false, reason: 'no visitor email given' };
		if (!options.webhookUrl) return warned({ identified: false, reason: 'no webhookUrl given' });
		var email = normalizeEmail(options.email);
		var stored = readStoredToken(email, options.refreshMarginSeconds * 1000);
		if (stored) return { identified: true, source: 'session', identity: stored };
		var identity;
		try {
			identity = await requestToken(options);
		} catch (error) {
			if (mine !== generation) return superseded();
			return warned({ identified: false, reason: error && error.message ? error.message : String(error) });
		}
		if (mine !== generation) return superseded();
		// HubSpot accepts a token only with the email it was made for, and this tab asked for `email`:
		// a token for anyone else is not this visitor's to use, nor to keep.
		if (normalizeEmail(identity.identificationEmail) !== email) {
			return warned({ identified: false, reason: 'the webhook answered with a token for another email than the one asked for' });
		}
		storeToken(email, identity);
		return { identified: true, source: 'webhook', identity: identity };
	}

	function superseded() {
		return { identified: false, reason: 'superseded: logout() or switchVisitor() was called before the webhook answered' };
	}

	function warned(found) {
		if (window.console) window.console.warn(LOG_PREFIX + found.reason + '; loading the chat without identification');
		return found;
	}

	// What start() and switchVisitor() resolve to: no token, so a page may log or show it freely.
	function outcome(found) {
		var result = { identified: found.identified };
		if (found.identified) {
			result.email = found.identity.identificationEmail;
			result.expiresAt = found.identity.expiresAt;
			result.source = found.source;
		} else {
			result.reason = found.reason;
		}
		return result;
	}

	function withDefaults(options) {
		if (!options || !options.portalId) throw new Error(LOG_PREFIX + 'portalId is required');
		return {
			webhookUrl: options.webhookUrl,
			portalId: String(options.portalId),
			eu: Boolean(options.eu),
			email: options.email ? String(options.email).trim() : '',
			firstName: options.firstName || undefined,
			lastName: options.lastName || undefined,
			timeoutMs: options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS,
			refreshMarginSeconds:
				options.refreshMarginSeconds >= 0 ? options.refreshMarginSeconds : DEFAULT_REFRESH_MARGIN_SECONDS,
		};
	}

	// --- public API --------------------------------------------------------------------------------

	// Loads the widget once HubSpot's API is ready, unless a later start, switch or logout took over.
	// After a switch or logout, clear() first drops the previous visitor's chat cookies; resetWidget
	// rebuilds a widget that is already showing, from the settings as they are now.
	function showWidget(mine, afterAnotherVisitor) {
		whenWidgetApiReady(function (api) {
			if (mine !== generation) return;
			if (!afterAnotherVisitor) {
				api.widget.load(); // a no-op if the widget is already loaded
			} else if (widgetIsLoaded(api)) {
				api.clear({ resetWidget: true });
			} else {
				api.clear();
				api.widget.load();
			}
		});
	}

	/** Loads the chat on this page, identified when a token can be had, unidentified otherwise. */
	async function start(options) {
		current = withDefaults(options);
		var mine = ++generation;
		// Before the loader exists: otherwise HubSpot loads the widget at once, unidentified.
		applyIdentity(null);
		injectLoader(current.portalId, current.eu);

		var found = await findIdentity(current, mine);
		if (mine === generation) {
			applyIdentity(found.identified ? found.identity : null);
			showWidget(mine, false);
		}
		return outcome(found);
	}

	/** Rebuilds the chat for another visitor (after a login, or an account switch). */
	async function switchVisitor(visitor) {
		if (!current) throw new Error(LOG_PREFIX + 'call start() before switchVisitor()');
		forgetStoredToken();
		current = withDefaults(Object.assign({}, current, { email: '', firstName: '', lastName: '' }, visitor));
		var mine = ++generation;
		var found = await findIdentity(current, mine);
		if (mine === generation) {
			applyIdentity(found.identified ? found.identity : null);
			showWidget(mine, true);
		}
		return outcome(found);
	}

	/** Forgets the visitor: no stored token, no identity, chat cookies cleared, widget rebuilt anonymous. */
	function logout() {
		var mine = ++generation;
		forgetStoredToken();
		applyIdentity(null);
		if (!current) return;
		current = withDefaults(Object.assign({}, current, { email: '', firstName: '', lastName: '' }));
		showWidget(mine, true);
	}

	window.HubspotVisitorIdentification = { start: start, switchVisitor: switchVisitor, logout: logout };
})(window, document);
