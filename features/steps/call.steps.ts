/** When steps: the call and what happens on it. Each event replays the whole call through policy-core. */
import { Given, When } from '@cucumber/cucumber';
import { A_CUSTOMER, type RecordingWorld } from './world.js';

// Whether the call is linked to a customer account (PAY-1, PAY-2); said before the call is placed.

Given('the call is linked to a customer account', function (this: RecordingWorld) {
  this.linkedAccount = true;
});

Given('the call is not linked to a customer account', function (this: RecordingWorld) {
  this.linkedAccount = false;
});

// CNS-1: the region the telephony side sends with the call, from the linked customer account's address; said before the call is placed.

Given("the customer's account is in {region}", function (this: RecordingWorld, region: string) {
  this.customerRegion = region;
});

// Calls to the contact center

When('a customer calls the queue {string}', function (this: RecordingWorld, queue: string) {
  this.placeCall({ kind: 'queue', customer: A_CUSTOMER, queue });
});

When('a customer calls the queue {string} from {string}', function (this: RecordingWorld, queue: string, customer: string) {
  this.placeCall({ kind: 'queue', customer, queue });
});

When('a customer with a withheld number calls the queue {string}', function (this: RecordingWorld, queue: string) {
  this.placeCall({ kind: 'queue', queue });
});

Given('a customer is dialling the queue {string}', function (this: RecordingWorld, queue: string) {
  this.placeCall({ kind: 'queue', customer: A_CUSTOMER, queue }, false);
});

When('a customer calls the direct line of {string}', function (this: RecordingWorld, employee: string) {
  this.placeCall({ kind: 'direct', customer: A_CUSTOMER, employee });
});

When('a customer calls the direct line of {string} from {string}', function (this: RecordingWorld, employee: string, customer: string) {
  this.placeCall({ kind: 'direct', customer, employee });
});

When('a customer calls the Virtual Agent', function (this: RecordingWorld) {
  this.placeCall({ kind: 'virtual-agent', customer: A_CUSTOMER });
});

When('a customer calls the Virtual Agent from {string}', function (this: RecordingWorld, customer: string) {
  this.placeCall({ kind: 'virtual-agent', customer });
});

When('the call connects', function (this: RecordingWorld) {
  this.happens({ type: 'connected' });
});

// Calls an employee places ("connected" is the customer picking up)

When('{string} calls a customer', function (this: RecordingWorld, employee: string) {
  this.placeCall({ kind: 'outbound', customer: A_CUSTOMER, employee });
});

When('{string} calls the customer {string}', function (this: RecordingWorld, employee: string, customer: string) {
  this.placeCall({ kind: 'outbound', customer, employee });
});

When('{string} dials a customer on the keypad', function (this: RecordingWorld, employee: string) {
  this.placeCall({ kind: 'outbound', customer: A_CUSTOMER, employee, keypad: true });
});

When('{string} dials {string} on the keypad', function (this: RecordingWorld, employee: string, customer: string) {
  this.placeCall({ kind: 'outbound', customer, employee, keypad: true });
});

When('{string} clicks to call a customer', function (this: RecordingWorld, employee: string) {
  this.placeCall({ kind: 'click-to-call', customer: A_CUSTOMER, employee });
});

When('{string} clicks to call {string}', function (this: RecordingWorld, employee: string, customer: string) {
  this.placeCall({ kind: 'click-to-call', customer, employee });
});

// Routing

When('{string} answers', function (this: RecordingWorld, employee: string) {
  this.happens({ type: 'answered', employee });
});

When('the call is redirected to the queue {string}', function (this: RecordingWorld, queue: string) {
  this.happens({ type: 'redirected', queue });
});

When('the agent transfers the call to the queue {string}', function (this: RecordingWorld, toQueue: string) {
  this.happens({ type: 'transferred', toQueue });
});

When('the agent transfers the call to {string}', function (this: RecordingWorld, toEmployee: string) {
  this.happens({ type: 'transferred', toEmployee });
});

When('the Virtual Agent hands the call to the queue {string}', function (this: RecordingWorld, toQueue: string) {
  this.happens({ type: 'transferred', toQueue });
});

When('the Virtual Agent hands the call to {string}', function (this: RecordingWorld, toEmployee: string) {
  this.happens({ type: 'transferred', toEmployee });
});

When('the agent forwards the call to {string}', function (this: RecordingWorld, number: string) {
  this.happens({ type: 'forwarded', number });
});

When('the call ends', function (this: RecordingWorld) {
  this.happens({ type: 'ended' });
});

// The agent and the recording

When(/^the agent (?:tries to )?(start|stop|pause|resume)s? the recording(?: again)?$/, function (this: RecordingWorld, action: string) {
  this.happens({ type: 'agent', action });
});

When('the agent opens the Charge Credit Card screen', function (this: RecordingWorld) {
  this.happens({ type: 'payment-screen', open: true });
});

When('the agent closes the Charge Credit Card screen', function (this: RecordingWorld) {
  this.happens({ type: 'payment-screen', open: false });
});

// The customer's consent (CNS-3..5), as the telephony side reports it: an IVR, the Virtual Agent or the agent may ask.

When('the customer consents( again)', function (this: RecordingWorld) {
  this.happens({ type: 'consent', given: true });
});

When(/^the customer (?:refuses to be recorded|withdraws consent)$/, function (this: RecordingWorld) {
  this.happens({ type: 'consent', given: false });
});
