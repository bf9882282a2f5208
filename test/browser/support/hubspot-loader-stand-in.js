// Stand-in for HubSpot's chat loader (//js.hs-scripts.com/<portalId>.js) in the browser tests.
// It does what HubSpot documents its loader does, and records what the page hands it in
// window.__hubspotStandIn.events so the tests can read it:
// - reads window.hsConversationsSettings; unless loadImmediately is false, loads the widget at once;
// - once its API is ready (asynchronously, as HubSpot's is), defines window.HubSpotConversations and
//   calls the functions in window.hsConversationsOnReady;
// - widget.load() is a no-op when the widget is loaded; clear({ resetWidget: true }) rebuilds it from
//   the settings as they are at that moment.
// - takes window._hsp's addPrivacyConsentListener commands as HubSpot's cookie banner does (see below).
// It never writes cookies or storage: anything the tests find there came from the page.
(function () {
	'use strict';
	var readyDelayMs = Number('__READY_DELAY_MS__');
	var record = (window.__hubspotStandIn = { events: [] });
	var loaded = false;
	var frame = null;

	function settingsNow() {
		return window.hsConversationsSettings ? JSON.parse(JSON.stringify(window.hsConversationsSettings)) : null;
	}

	function log(type, details) {
		record.events.push(Object.assign({ type: type, settings: settingsNow() }, details || {}));
	}

	// A visible box where HubSpot's chat bubble would be, so screenshots show who the chat thinks the visitor is.
	function render() {
		var settings = window.hsConversationsSettings || {};
		frame = document.createElement('div');
		frame.id = 'hubspot-chat-stand-in';
		frame.setAttribute('style', 'position:fixed;right:16px;bottom:16px;width:250px;padding:12px 14px;border-radius:12px;' +
			'background:#2d3e50;color:#fff;overflow-wrap:anywhere;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)');
		frame.textContent = 'HubSpot chat (test stand-in): ' +
			(settings.identificationEmail ? 'identified as ' + settings.identificationEmail : 'anonymous visitor, will ask for an email');
		document.body.appendChild(frame);
	}

	function loadWidget(via) {
		if (loaded) {
			log('widget-load-ignored', { via: via });
			return;
		}
		loaded = true;
		log('widget-loaded', { via: via });
		render();
	}

	function removeWidget() {
		loaded = false;
		if (frame) frame.remove();
		frame = null;
	}

	// HubSpot's cookie banner is part of the same script: it takes the commands queued in window._hsp and
	// calls each addPrivacyConsentListener callback once the visitor's choice is known (at once when it was
	// made before). The test makes the choice with window.__hubspotStandIn.decideConsent(choice).
	var consentChoice = null;
	var consentListeners = [];
	function runPrivacyCommand(command) {
		if (!command || command[0] !== 'addPrivacyConsentListener' || typeof command[1] !== 'function') return;
		log('privacy-listener-added');
		if (consentChoice) command[1](consentChoice);
		else consentListeners.push(command[1]);
	}
	var queued = Array.isArray(window._hsp) ? window._hsp : [];
	window._hsp = { push: runPrivacyCommand };
	for (var q = 0; q < queued.length; q++) runPrivacyCommand(queued[q]);
	record.decideConsent = function (choice) {
		consentChoice = choice;
		log('consent-decided', { options: choice });
		var listeners = consentListeners.splice(0);
		for (var l = 0; l < listeners.length; l++) listeners[l](choice);
	};

	log('loader-run', { src: document.currentScript ? document.currentScript.src : null });
	var initial = window.hsConversationsSettings || {};
	if (initial.loadImmediately !== false) loadWidget('loadImmediately');

	setTimeout(function () {
		window.HubSpotConversations = {
			widget: {
				load: function (options) {
					log('widget.load', { options: options || null });
					loadWidget('widget.load');
				},
				remove: function () {
					log('widget.remove');
					removeWidget();
				},
				refresh: function (options) {
					log('widget.refresh', { options: options || null });
				},
				status: function () {
					return { loaded: loaded };
				},
			},
			clear: function (options) {
				log('clear', { options: options || null });
				if (options && options.resetWidget) {
					removeWidget();
					loadWidget('resetWidget');
				}
			},
			on: function () {},
			off: function () {},
		};
		log('api-ready');
		var callbacks = window.hsConversationsOnReady || [];
		for (var i = 0; i < callbacks.length; i++) callbacks[i]();
	}, readyDelayMs);
})();
